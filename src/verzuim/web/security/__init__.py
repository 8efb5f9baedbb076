"""Web security: headers, allowed hosts, same-origin and CSRF checks, body limits, HEAD and
TLS-aware cookies. ``verzuim.web.security.install.install_security(app)`` puts it all in place;
docs/security.md explains each part."""
