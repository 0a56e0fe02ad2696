"""The review queue's decision: which submitted figures to approve or return, and why, checked
before anything is written so the page can say what is wrong beside the ticks made."""

from django import forms

from kpis.entry.forms import posted_ids
from kpis.services import workflow

APPROVE, RETURN = "approve", "return"
NOTHING_SELECTED = "Select at least one figure to approve or return"


class PostedIdsField(forms.Field):
    """The ticked rows' ids; anything that is not an id is left out (kpis.entry.forms.posted_ids)."""

    widget = forms.MultipleHiddenInput  # reads every value of the name, as the checkboxes send them
    default_error_messages = {"required": NOTHING_SELECTED}

    def to_python(self, value):
        return posted_ids(value or [])


class ReviewDecisionForm(forms.Form):
    reading = PostedIdsField()
    action = forms.ChoiceField(choices=[(APPROVE, "Approve selected"), (RETURN, "Return selected")],
                               error_messages={"required": "Choose to approve or to return the selected figures",
                                               "invalid_choice": "Choose to approve or to return the selected figures"})
    reason = forms.CharField(required=False, strip=False, label=workflow.RETURN_REASON)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The workflow's rule says what is wrong with a reason (a null character, its length) in words.
        self.fields["reason"].validators = []

    @property
    def ticked(self) -> set[int]:
        """The rows to show ticked again when the page comes back with an error."""
        return set(posted_ids(self.data.getlist("reading"))) if self.is_bound else set()

    def clean(self):
        data = super().clean()
        if data.get("action") == RETURN:
            problem = workflow.reason_problem(workflow.RETURN_REASON, data.get("reason", ""),
                                              workflow.RETURN_REASON_MISSING)
            if problem:
                self.add_error("reason", problem)
        return data

    def decide(self, user) -> str:
        """Approve or return the ticked figures; the message to show. A workflow.WorkflowError
        (a figure no longer submitted, a locked quarter) goes on the form, then is raised again."""
        data = self.cleaned_data
        try:
            if data["action"] == APPROVE:
                return f"{len(workflow.approve(user, data['reading']))} figure(s) approved and published."
            done = workflow.return_to_officer(user, data["reading"], data["reason"])
            return f"{len(done)} figure(s) returned to their officers."
        except workflow.WorkflowError as error:
            for code, problems in error.problems.items():
                for problem in problems:
                    self.add_error(None, f"{code}: {problem}" if code else problem)
            raise
