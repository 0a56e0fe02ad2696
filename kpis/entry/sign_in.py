"""The sign-in form in the GOV.UK error pattern, in the words the page used before: one message
for a wrong password and a locked account alike (axes answers a lock-out itself, with 429)."""

from django.contrib.auth.forms import AuthenticationForm

from kpis.entry.govuk import GovukForm


class SignInForm(GovukForm, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The username and password do not match, or this account is locked after too many "
                         "failed attempts. Try again later.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        attrs = self.fields["username"].widget.attrs
        attrs.pop("autofocus", None)  # the error summary takes the focus when there is one
        attrs.update(spellcheck="false", autocapitalize="none")

    def summary_links(self, **kwargs):
        """A wrong username or password is the whole form's: its link goes to the username."""
        return super().summary_links(fallback=self.anchor("username"), **kwargs)
