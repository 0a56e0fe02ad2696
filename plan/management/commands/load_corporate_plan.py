from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plan.loading import PLAN, PlanDataError, link_demo_leads, load_plan


class Command(BaseCommand):
    help = ("Load the corporate plan (priorities, objectives, deliverables with their 2014/15 Quarter 2 progress, "
            "risks and opportunities; default: the council's 2014/15 mid-year report, fixtures/corporate_plan_2014_15"
            ".json), then make the demo's leads the users of those full names. All or nothing; loading again "
            "changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=PLAN)

    def handle(self, *, file, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            plan, report = load_plan(file)
        except PlanDataError as error:
            raise CommandError(f"{file.name}: {error}; nothing was written.") from None
        risks = sum(risk.kind == "risk" for risk in plan.risks)
        self.stdout.write(
            f"Loaded {file.name}: {len(plan.priorities)} priorities, {len(plan.objectives)} objectives, "
            f"{len(plan.deliverables)} deliverables with their {plan.quarter.label} progress, "
            f"{risks} risks and {len(plan.risks) - risks} opportunities")
        for line in report.lines():
            self.stdout.write(f"  {line}")
        if report.missing_indicators:
            self.stdout.write(f"  Indicators not in the database, not linked: {', '.join(report.missing_indicators)}")
        for line in link_demo_leads(plan).lines():
            self.stdout.write(line)
