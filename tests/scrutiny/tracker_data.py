"""A small tracker written with the models, in the seed's shape (../shared/seeds/004_de7dc345a7c49949.txt):
two meetings, four recommendations, open and closed, undated and dated progress, and an officer
(Dawn Calvert) who signs in as one of the assignees. As of AS_OF (tests set TRACKER_AS_OF to it)."""

from datetime import date, timedelta

from scrutiny.models import Assignee, ForwardPlanItem, Meeting, ProgressUpdate, Recommendation
from tests.people import make_user

AS_OF = date(2025, 3, 31)
WEEKS = 8
EXACTLY_EIGHT_WEEKS_AGO = AS_OF - timedelta(weeks=WEEKS)  # 3 February 2025: still recent
A_DAY_MORE = EXACTLY_EIGHT_WEEKS_AGO - timedelta(days=1)  # 2 February 2025: overdue

DISCUSSION = ("<p>Rebuilding trust with residents was a key theme.</p>"
              "<ul><li>Previous mistakes</li><li>How they will be remedied</li></ul>")
RECOMMENDATIONS = "<ol><li>Agreed the inclusion of previous mistakes;</li><li>Agreed a corporate approach.</li></ol>"


def make_tracker() -> dict:
    """The tracker, and its people: "dawn" (officer, Dawn Calvert), "ed" (an officer assigned nothing),
    "sam" (scrutiny officer), "pat" (performance team), "chris" (councillor)."""
    people = {"dawn": make_user("dawn", "officer", ["CR - Finance"]), "ed": make_user("ed", "officer", ["E&P - H&T"]),
              "sam": make_user("sam", "scrutiny"), "pat": make_user("pat", "performance"),
              "chris": make_user("chris", "councillor")}
    july, september = Meeting.objects.create(date=date(2024, 7, 30)), Meeting.objects.create(date=date(2024, 9, 17))
    dawn = Assignee.objects.create(name="Dawn Calvert", user=people["dawn"])
    officers, louise = Assignee.objects.create(name="O&S Officers"), Assignee.objects.create(name="Louise Neilan")

    def recommendation(number, meeting, title, status, assignees, updates):
        rec = Recommendation.objects.create(number=number, meeting=meeting, report_title=title, status=status,
                                            discussion=DISCUSSION, recommendations=RECOMMENDATIONS)
        rec.assignees.set(assignees)
        for written_on, text in updates:
            ProgressUpdate.objects.create(recommendation=rec, written_on=written_on, text=text)
        return rec

    recs = {
        1: recommendation(1, july, "Communication and Engagement Strategy", "open", [dawn],
                          [(None, "<p>Draft strategy presented in October.</p>")]),
        2: recommendation(2, july, "Workforce and Culture Task and Finish Group", "closed", [louise],
                          [(None, "<p>Action closed.</p>")]),
        3: recommendation(3, september, "Q1 Forecast Revenue and Capital Outturn Report", "open", [dawn, officers],
                          [(None, "<p>Work programme updated.</p>"),
                           (EXACTLY_EIGHT_WEEKS_AGO, "<p>Quarterly reports reviewed post-Cabinet.</p>")]),
        4: recommendation(4, september, "Digital and Customer Progress Update", "open", [officers],
                          [(A_DAY_MORE, "<p>Milestones sent to the Committee.</p>")]),
    }
    ForwardPlanItem.objects.create(number=1, report_title="Q3 Forecast Revenue and Capital Outturn Report",
                                   cabinet_month=date(2025, 3, 1), information="Scrutiny post-Cabinet.")
    return {**people, "recs": recs, "meetings": {"july": july, "september": september},
            "assignees": {"dawn": dawn, "officers": officers, "louise": louise}}
