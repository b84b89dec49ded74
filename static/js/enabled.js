// Loaded synchronously at the top of <body>: GOV.UK Frontend's "JavaScript is on" classes, set
// before the page paints so that components do not flash. (An external file, so no inline script.)
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
