// Hubspoke front-end bootstrap (ES module, no inline script needed under CSP).
//
// Load with:
//   <script type="module" src="{% static 'hubspoke/init.js' %}"></script>
//
// GOV.UK Frontend only enhances components (and applies their JS-dependent
// styles) when <body> has the `govuk-frontend-supported` class. GOV.UK's own
// page template sets it with an inline script, which a strict CSP forbids; that
// script tests for ES module support, and a module script only ever runs in
// browsers with it, so we can set the class unconditionally here.
// (`js-enabled` is also set by GOV.UK's template; kept for parity.)
//
// The static import below only defines GOV.UK Frontend's classes; nothing is
// initialised until initAll() runs, after the body class has been added.
// Module scripts are deferred, so document.body always exists here.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
