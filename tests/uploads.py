"""/imports/ as a browser posts it: the upload, its confirmation, and the workbooks kept meanwhile
(in the database: kpis.models.PendingUpload)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def upload(client, file, name=None, **fields):
    """Posts the form as a browser would; `file` is a path, or bytes sent under `name`."""
    content = file.read_bytes() if hasattr(file, "read_bytes") else file
    workbook = SimpleUploadedFile(name or file.name, content)
    return client.post("/imports/", {"workbook": workbook, "layout": "contract", **fields})


def confirm(client, token, action="confirm"):
    return client.post("/imports/confirm/", {"token": token, "action": action}, follow=True)


def kept_uploads() -> list[str]:
    """The tokens of the uploads kept in the database, waiting or holding a result to show."""
    from kpis.models import PendingUpload

    return sorted(PendingUpload.objects.values_list("token", flat=True))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def appendix_workbook(path):
    """The committee appendix's shape: a row per indicator, months as columns (2016/17)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Appendix 1"
    sheet.append(["Performance Indicator Title", "Portfolio Holder", "Directorate", "Apr-16", "May-16", "Jun-16",
                  "Qtr1 YTD"])
    sheet.append(["% Council Tax collected", "Cllr A Holder", "Corporate", 10.72, 19.6, 28.29, 28.29])
    workbook.save(path)
    return path
