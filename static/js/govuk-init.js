// GOV.UK Frontend's components (service navigation on phones, error summary focus, buttons,
// notification banners, checkboxes), started from our own file: the Content-Security-Policy
// allows no inline script, so the class GOV.UK Frontend looks for is set here.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
