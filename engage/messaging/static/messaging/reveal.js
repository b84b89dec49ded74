// Show the box for the chosen way to reach someone and hide the other (without JavaScript both
// show). GOV.UK Frontend's radios do this too, but set aria-expanded on each radio, which ARIA
// does not allow there (axe flags it: alphagov/govuk-frontend#979); here only aria-controls.
const radios = [...document.querySelectorAll("input[type=radio][data-reveal]")];

function sync() {
  for (const radio of radios) {
    const box = document.getElementById(radio.dataset.reveal);
    if (box) box.classList.toggle("govuk-radios__conditional--hidden", !radio.checked);
  }
}

for (const radio of radios) {
  radio.setAttribute("aria-controls", radio.dataset.reveal);
  radio.addEventListener("change", sync);
}
// A browser may restore a choice when someone comes back to the page.
sync();
