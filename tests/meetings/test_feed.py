"""The iCalendar feed and download, parsed back with the icalendar library as a calendar client would."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import Meeting

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
D = datetime.date


@pytest.fixture
def subscription(users):
    return services.subscription_regenerate(user=users["styrelse"])


def feed_url(subscription, *, key=None, secret=None):
    return reverse("meetings:feed", kwargs={"key": key or subscription.key, "secret": secret or subscription.secret})


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def by_title(calendar, title, day):
    found = [e for e in calendar.walk("VEVENT") if title in str(e["SUMMARY"]) and e.decoded("DTSTART") in day]
    assert len(found) == 1, (title, found)
    return found[0]


def test_feed_needs_no_login_and_holds_every_demo_entry(client, subscription):
    calendar = parse(client.get(feed_url(subscription)))  # no session at all
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    uids = set(events(calendar))
    assert uids == {str(uid) for uid in Meeting.objects.values_list("uid", flat=True)}
    assert len(uids) == 38  # 19 entries of 2018 and the 19 copied into 2019
    for event in calendar.walk("VEVENT"):
        assert event["DTSTAMP"].dt.tzinfo is not None
        assert "SEQUENCE" in event
        assert event["STATUS"] == "CONFIRMED"


def test_all_day_entries_are_dates_with_an_exclusive_end(client, subscription):
    calendar = parse(client.get(feed_url(subscription)))
    heldag = by_title(calendar, "HELÅRSREDOVISNING", [D(2018, 2, 9)])
    assert heldag.decoded("DTSTART") == D(2018, 2, 9)
    assert heldag.decoded("DTEND") == D(2018, 2, 10)
    assert "VALUE=DATE" in heldag.to_ical().decode()
    finsam = by_title(calendar, "Finsamkonferensen", [D(2018, 4, 17)])
    assert (finsam.decoded("DTSTART"), finsam.decoded("DTEND")) == (D(2018, 4, 17), D(2018, 4, 19))
    week = by_title(calendar, "Psykiatriveckan", [D(2018, 11, 12)])
    assert week.decoded("DTEND") == D(2018, 11, 16)
    # The November board meeting has no time in the seed: a whole day, not midnight.
    november = by_title(calendar, "INTERNSTYRNING", [D(2018, 11, 30)])
    assert november.decoded("DTEND") == D(2018, 12, 1)


def test_timed_entries_are_in_stockholm_time_with_a_vtimezone(client, subscription):
    response = client.get(feed_url(subscription))
    calendar = parse(response)
    text = response.content.decode()
    timed = by_title(
        calendar,
        "ÅRSREDOVISNING",
        [datetime.datetime(2018, 3, 23, 9, 30, tzinfo=STOCKHOLM)],
    )
    assert timed.decoded("DTEND") == datetime.datetime(2018, 3, 23, 12, 0, tzinfo=STOCKHOLM)
    assert "DTSTART;TZID=Europe/Stockholm:20180323T093000" in text
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["Europe/Stockholm"]
    # Summer time: 2018-06-01 09.30 is 07.30 UTC.
    june = by_title(calendar, "UPPFÖLJNING", [datetime.datetime(2018, 6, 1, 9, 30, tzinfo=STOCKHOLM)])
    assert june.decoded("DTSTART").astimezone(datetime.UTC).hour == 7


def test_swedish_text_is_escaped_and_survives_a_round_trip(client, subscription):
    meeting = Meeting.objects.get(title="Psykiatriveckan", year=2018)
    services.meeting_update(meeting=meeting, data={"description": "Föreläsning; mingel, fika\\kaffe\nRad två"})
    response = client.get(feed_url(subscription))
    text = response.content.decode()
    assert "LOCATION:LINDESBERG\\, LJUSNARSBERG\\, NORA \\, HÄLLEFORS" in text.replace("\r\n ", "")
    assert "Föreläsning\\; mingel\\, fika\\\\kaffe\\nRad två" in text.replace("\r\n ", "")
    event = events(parse(response))[str(meeting.uid)]
    assert str(event["LOCATION"]) == "LINDESBERG, LJUSNARSBERG, NORA , HÄLLEFORS"
    assert str(event["DESCRIPTION"]) == "Föreläsning; mingel, fika\\kaffe\nRad två"
    mingel = by_title(parse(response), "Mässa, mingel & föreläsningar", [D(2017, 10, 24)])
    assert str(mingel["SUMMARY"]) == "Mässa, mingel & föreläsningar"
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded lines, RFC 5545 3.1


def test_an_edit_keeps_the_uid_and_raises_the_sequence_and_a_cancel_shows(client, subscription):
    meeting = Meeting.objects.get(title="PLANERING", year=2018, kind__code="styrelsemote")
    uid = str(meeting.uid)
    before = events(parse(client.get(feed_url(subscription))))[uid]
    services.meeting_update(meeting=meeting, data={"starts_on": D(2018, 10, 19)})
    moved = events(parse(client.get(feed_url(subscription))))[uid]
    assert moved["SEQUENCE"] == before["SEQUENCE"] + 1
    assert moved.decoded("DTSTART") == datetime.datetime(2018, 10, 19, 9, 30, tzinfo=STOCKHOLM)
    services.meeting_cancel(meeting=meeting)
    cancelled = events(parse(client.get(feed_url(subscription))))[uid]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] == before["SEQUENCE"] + 2


@pytest.mark.parametrize("wrong", ["secret", "key", "both"])
def test_a_wrong_address_gets_404_and_no_data(client, subscription, wrong):
    secret = "A" * len(subscription.secret) if wrong in ("secret", "both") else None
    key = "nyckel" if wrong in ("key", "both") else None
    response = client.get(feed_url(subscription, key=key, secret=secret))
    assert response.status_code == 404
    body = response.content.decode()
    assert "VCALENDAR" not in body
    assert "HELÅRSREDOVISNING" not in body
    assert "SOFINT" not in body
    assert response["Content-Type"].startswith("text/plain")


def test_a_secret_of_the_right_prefix_is_still_refused(client, subscription):
    assert client.get(feed_url(subscription, secret=subscription.secret[:-1] + "x")).status_code in (404,)
    assert client.get(feed_url(subscription, secret=subscription.secret[:-1])).status_code == 404


def test_regenerating_kills_the_old_address(client, subscription, users):
    old = feed_url(subscription)
    assert client.get(old).status_code == 200
    client.force_login(users["styrelse"])
    response = client.post(reverse("meetings:subscription_regenerate"))
    assert response.status_code == 302
    assert response["Location"] == "/konto/#kalender"
    client.logout()
    assert client.get(old).status_code == 404
    subscription.refresh_from_db()
    assert client.get(feed_url(subscription)).status_code == 200


def test_a_user_who_loses_access_loses_the_feed(client, subscription, users):
    user = users["styrelse"]
    user.is_active = False
    user.save()
    assert client.get(feed_url(subscription)).status_code == 404
    user.is_active = True
    user.save()
    user.groups.clear()
    assert client.get(feed_url(subscription)).status_code == 404


def test_profile_shows_the_address_and_a_regenerate_button(client_for, users):
    client = client_for("styrelse")
    page = client.get(reverse("portal:profile")).content.decode()
    assert "Skapa prenumerationsadress" in page
    client.post(reverse("meetings:subscription_regenerate"))
    subscription = users["styrelse"].calendar_subscription
    page = client.get(reverse("portal:profile")).content.decode()
    assert f"http://testserver{feed_url(subscription)}" in page
    assert f"webcal://testserver{feed_url(subscription)}" in page
    assert "Skapa ny adress" in page


def test_a_user_without_a_role_gets_no_address(client_for):
    client = client_for("utan_roll")
    assert "Prenumerera på kalendariet" not in client.get(reverse("portal:profile")).content.decode()
    assert client.post(reverse("meetings:subscription_regenerate")).status_code == 403


def test_year_download_holds_that_years_plan(client_for):
    response = client_for("revisor").get(reverse("meetings:year_ics", kwargs={"year": 2019}))
    assert response["Content-Disposition"] == 'attachment; filename="kalendarium-2019.ics"'
    calendar = parse(response)
    assert set(events(calendar)) == {str(uid) for uid in Meeting.objects.for_year(2019).values_list("uid", flat=True)}
    assert str(calendar["X-WR-CALNAME"]) == "Kalendarium 2019"
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["URL"]).startswith("http://testserver/kalender/mote/")


def test_the_secret_is_compared_in_constant_time(client, subscription, monkeypatch):
    import secrets

    calls = []
    real = secrets.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(secrets, "compare_digest", spy)
    assert client.get(feed_url(subscription, secret="B" * 43)).status_code == 404
    assert client.get(feed_url(subscription)).status_code == 200
    assert calls == [(b"B" * 43, subscription.secret.encode()), (subscription.secret.encode(),) * 2]


def test_a_multi_day_entry_with_only_a_start_time_lasts_to_the_end_of_its_last_day(client, subscription):
    meeting = Meeting.objects.get(title="Finsamkonferensen", year=2018)
    services.meeting_update(meeting=meeting, data={"start_time": datetime.time(10)})
    event = events(parse(client.get(feed_url(subscription))))[str(meeting.uid)]
    assert event.decoded("DTSTART") == datetime.datetime(2018, 4, 17, 10, tzinfo=STOCKHOLM)
    assert event.decoded("DTEND") == datetime.datetime(2018, 4, 19, 0, tzinfo=STOCKHOLM)


def test_an_unchanged_feed_answers_304_and_a_change_gives_the_new_feed(client, subscription):
    first = client.get(feed_url(subscription))
    etag = first["ETag"]
    assert client.get(feed_url(subscription), headers={"if-none-match": etag}).status_code == 304
    services.meeting_cancel(meeting=Meeting.objects.get(title="Lindedagen", year=2018))
    again = client.get(feed_url(subscription), headers={"if-none-match": etag})
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_a_written_feed_is_kept_and_every_change_a_subscriber_would_see_gives_a_new_one(
    client, subscription, monkeypatch
):
    from meetings import views
    from meetings.models import MeetingKind

    written = []
    real = views.render_calendar
    monkeypatch.setattr(views, "render_calendar", lambda *a, **k: written.append(1) or real(*a, **k))

    def feed():
        response = client.get(feed_url(subscription))
        return response["ETag"], response.content

    first = feed()
    assert feed() == first
    assert len(written) == 1  # the second request came from the cache

    lindedagen = Meeting.objects.get(title="Lindedagen", year=2018)
    services.meeting_update(meeting=lindedagen, data={"location": "Lindesberg"})
    moved = feed()
    assert moved != first and b"LOCATION:Lindesberg" in moved[1]

    kind = MeetingKind.objects.get(code=MeetingKind.BOARD)
    kind.name = "Styrelsesammanträde"
    kind.save()
    renamed = feed()
    assert renamed != moved and b"Styrelsesammantr" in renamed[1]

    Meeting.objects.filter(pk=lindedagen.pk).delete()
    removed = feed()
    assert removed != renamed and str(lindedagen.uid).encode() not in removed[1]
    assert len(written) == 4


def test_not_modified_carries_the_etag(client, subscription):
    etag = client.get(feed_url(subscription))["ETag"]
    response = client.get(feed_url(subscription), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize("stored", [D(9999, 12, 31), D(1, 1, 1), D(1899, 12, 31), D(2101, 1, 1)])
def test_an_entry_stored_outside_the_years_is_left_out_and_the_feeds_still_answer(
    client, client_for, subscription, caplog, stored
):
    # The model refuses such a date; a row written around it must not take every subscriber's calendar down.
    meeting = Meeting.objects.get(title="PLANERING", year=2018, kind__code="styrelsemote")
    Meeting.objects.filter(pk=meeting.pk).update(starts_on=stored, ends_on=None)
    other = Meeting.objects.get(title="Finsamkonferensen", year=2018)
    Meeting.objects.filter(pk=other.pk).update(ends_on=D(9999, 12, 31))
    with caplog.at_level("WARNING", logger="sofint.calendar"):
        feed = events(parse(client.get(feed_url(subscription))))
        year = events(parse(client_for("styrelse").get(reverse("meetings:year_ics", kwargs={"year": 2018}))))
    for written in (feed, year):
        assert str(meeting.uid) not in written and str(other.uid) not in written
        assert len(written) > 10  # the rest of the calendar is there
    warnings = [record.getMessage() for record in caplog.records if record.name == "sofint.calendar"]
    assert len(warnings) == 4 and all(str(meeting.uid) in w or str(other.uid) in w for w in warnings)
    assert not any(subscription.secret in w or subscription.key in w for w in warnings)
    # The calendar's own pages show the stored row as it is.
    client = client_for("forbundschef")
    assert client.get(reverse("meetings:year", kwargs={"year": 2018})).status_code == 200
    assert client.get(reverse("meetings:meeting", kwargs={"meeting_id": meeting.pk})).status_code == 200
    assert client.get(reverse("meetings:meeting_update", kwargs={"meeting_id": meeting.pk})).status_code == 200
