// Start GOV.UK Frontend's components (menu toggle, error summary focus, checkboxes…).
// Loaded as a module, so it is ignored by browsers GOV.UK Frontend does not support.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
