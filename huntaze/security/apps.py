from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "huntaze.security"
    label = "security"
    verbose_name = "Security"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from huntaze.security.services import session_stamp

        # Every login, whichever view or test helper calls ``login()``, gets the session stamps
        # the middleware checks; a session without them is treated as logged out.
        user_logged_in.connect(session_stamp, dispatch_uid="huntaze.security.session_stamp")
