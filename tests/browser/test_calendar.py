"""The förbundschef adds, moves and cancels a meeting in the browser; the year view and the feed follow."""

import datetime
import re
import zoneinfo

import pytest
from icalendar import Calendar

START_DATE = re.compile(r"^\s*Datum\*?\s*$")  # crispy marks required fields with an asterisk
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
SHOTS = "/tmp/sofint-calendar-shots"  # noqa: S108 - screenshots for looking at, not read back


def feed_event(page, url, title):
    response = page.request.get(url)
    assert response.status == 200
    calendar = Calendar.from_ical(response.body())
    found = [event for event in calendar.walk("VEVENT") if str(event["SUMMARY"]).endswith(title)]
    return found[0] if found else None


@pytest.mark.django_db(transaction=True)
def test_forbundschef_adds_a_meeting_and_sees_it_in_the_year_view_and_the_feed(demo, login, live_server):
    page = login("forbundschef")
    page.get_by_role("link", name="Kalendarium", exact=True).click()
    page.wait_for_url(f"{live_server.url}/kalender/")
    page.screenshot(path=f"{SHOTS}/year.png", full_page=True)

    page.get_by_role("link", name="Nytt möte").click()
    page.get_by_label("Typ").select_option(label="Styrelsemöte")
    page.get_by_label("Tema eller rubrik").fill("EXTRA MÖTE OM BUDGET")
    page.get_by_label(START_DATE).fill("2019-06-14")
    page.get_by_label("Starttid").fill("13:00")
    page.get_by_label("Sluttid").fill("15:30")
    page.get_by_label("Plats").fill("Lindesberg, stadshuset")
    page.screenshot(path=f"{SHOTS}/form.png", full_page=True)
    page.get_by_role("button", name="Lägg till").click()
    page.wait_for_url(f"{live_server.url}/kalender/2019/")
    assert page.get_by_role("status").filter(has_text="EXTRA MÖTE OM BUDGET är tillagt").is_visible()
    row = page.locator("#table-styrelsemote tbody tr").filter(has_text="EXTRA MÖTE OM BUDGET")
    assert row.count() == 1
    assert "Juni" in row.inner_text()
    assert "2019-06-14" in row.inner_text()
    assert "13.00–15.30" in row.inner_text()
    page.screenshot(path=f"{SHOTS}/year-2019-added.png", full_page=True)

    # The personal feed, from the profile page, read without the browser's session.
    page.goto(f"{live_server.url}/konto/")
    page.get_by_role("button", name="Skapa prenumerationsadress").click()
    page.wait_for_url(f"{live_server.url}/konto/#kalender")
    feed_url = page.get_by_label("Adress").input_value()
    assert feed_url.startswith(f"{live_server.url}/kalender/prenumeration/")
    page.screenshot(path=f"{SHOTS}/profile.png", full_page=True)
    anonymous = page.context.browser.new_context()
    event = feed_event(anonymous, feed_url, "EXTRA MÖTE OM BUDGET")
    assert event.decoded("DTSTART") == datetime.datetime(2019, 6, 14, 13, 0, tzinfo=STOCKHOLM)
    assert str(event["LOCATION"]) == "Lindesberg, stadshuset"
    uid, sequence = str(event["UID"]), event["SEQUENCE"]

    # Move it a week.
    page.goto(f"{live_server.url}/kalender/2019/")
    page.get_by_role("link", name="EXTRA MÖTE OM BUDGET", exact=True).click()
    page.get_by_role("link", name="Ändra", exact=True).click()
    page.get_by_label(START_DATE).fill("2019-06-21")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert page.get_by_text("2019-06-21").first.is_visible()
    moved = feed_event(anonymous, feed_url, "EXTRA MÖTE OM BUDGET")
    assert (str(moved["UID"]), moved["SEQUENCE"]) == (uid, sequence + 1)
    assert moved.decoded("DTSTART").date() == datetime.date(2019, 6, 21)

    # Cancel it.
    page.get_by_role("link", name="Ställ in").click()
    page.get_by_role("button", name="Ställ in mötet").click()
    page.wait_for_load_state()
    assert page.get_by_text("Inställt", exact=True).first.is_visible()
    page.screenshot(path=f"{SHOTS}/meeting-cancelled.png", full_page=True)
    cancelled = feed_event(anonymous, feed_url, "EXTRA MÖTE OM BUDGET")
    assert (cancelled["STATUS"], cancelled["SEQUENCE"]) == ("CANCELLED", sequence + 2)

    # A wrong address shows nothing.
    wrong = anonymous.request.get(feed_url[:-8] + "AAAA.ics")
    assert wrong.status == 404
    assert b"VCALENDAR" not in wrong.body()
    anonymous.close()


@pytest.mark.django_db(transaction=True)
def test_board_member_reads_the_calendar_without_edit_buttons(demo, login, live_server):
    page = login("styrelse")
    page.goto(f"{live_server.url}/kalender/2019/")
    assert page.get_by_text("Kalendarium för 2019 fastställt av styrelsen 2018-11-30").is_visible()
    assert page.get_by_role("link", name="Nytt möte").count() == 0
    assert page.locator("#table-samverkan tbody tr").count() == 7
    assert page.locator("#table-beredningsgrupp tbody tr").count() == 6
    page.screenshot(path=f"{SHOTS}/year-2019-board.png", full_page=True)
