from django.contrib.sessions.backends.db import SessionStore

from engage.core.uploads import clear_upload, stash_upload, stashed_upload


class _Request:
    def __init__(self, office):
        self.office = office
        self.session = SessionStore()


def test_stashed_file_comes_back_whole_with_its_digest(office):
    request = _Request(office)
    data = b"Category,Meetings\nPublic accountability,Police and Crime Panel\n"
    kept = stash_upload(request, "k", data, "schedule.csv")
    again = stashed_upload(request, "k")
    assert (again.data, again.filename, again.digest) == (data, "schedule.csv", kept.digest)
    clear_upload(request, "k")
    assert stashed_upload(request, "k") is None


def test_a_file_stashed_for_one_office_is_not_found_in_another(office, other_office):
    request = _Request(office)
    stash_upload(request, "k", b"rows", "a.csv")
    request.office = other_office
    assert stashed_upload(request, "k") is None


def test_a_damaged_stash_is_not_found(office):
    request = _Request(office)
    request.session["k"] = {"office": office.pk, "filename": "a.csv", "data": "not base64!"}
    assert stashed_upload(request, "k") is None
