"""Walking the admin as a role would: every page a link leads to, and the English words found on them."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

# Words Django's admin and its add-ons write in English when a translation is missing or
# broken. Whole words, case-sensitive as the admin writes them; none is a Swedish word.
ENGLISH_WORDS = [
    "Access attempts",
    "Access logs",
    "Access failures",
    "Access attempt",
    "Access log",
    "Access failure",
    "Add",
    "Add another",
    "Change",
    "Delete",
    "Save",
    "Save and add another",
    "Save and continue editing",
    "History",
    "View",
    "View site",
    "Log out",
    "Logout",
    "Home",
    "Welcome",
    "Documentation",
    "Change password",
    "Search",
    "Go",
    "Action",
    "Actions",
    "Run the selected action",
    "Select all",
    "selected",
    "Clear selection",
    "Clear all filters",
    "Show counts",
    "Hide counts",
    "Any date",
    "Today",
    "Past 7 days",
    "This month",
    "This year",
    "No date",
    "Has date",
    "Yes",
    "No",
    "Unknown",
    "All",
    "None",
    "Recent actions",
    "My actions",
    "None available",
    "Available",
    "Chosen",
    "Choose",
    "Choose all",
    "Remove",
    "Remove all",
    "True",
    "False",
    "Username",
    "Password",
    "Permissions",
    "Groups",
    "Staff status",
    "Superuser status",
    "Active",
    "Last login",
    "Date joined",
    "First name",
    "Last name",
    "Email address",
    "Personal info",
    "Important dates",
    "Are you sure",
    "Yes, I’m sure",
    "No, take me back",
    "Summary",
    "Objects",
    "results",
    "total",
    "Show all",
    "Toggle",
    "navigation",
    "Start typing to filter",
    "Skip to main content",
    "Toggle theme",
    "Close",
    "Now",
    "Midnight",
    "Noon",
    "Calendar",
    "Clock",
    "Currently",
    "Change:",
    "Submit",
    "Confirm",
    "File to import",
    "Resource",
    "Download",
    "Attempt",
    "User agent",
    "IP address",
    "Path",
    "Failures",
    "Time",
    "Logout time",
    "Login time",
    "Get data",
    "Form data",
    "Object",
    "Authentication and Authorization",
    "Axes",
    "Sites",
    "Simple history",
    "Import export",
    "Please correct",
    "This field is required",
    "Enter",
    "Site administration",
    "Django",
    "Select",
    "to change",
    "to view",
    "add",
    "change",
    "delete",
    "view",
    "Click",
    "Hold down",
    "Chosen groups",
    "Available groups",
]
# Left out because Swedish writes them too: Filter, Import, Export, Format, Status, Text, Person, administration.
_WORD_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(word) for word in sorted(ENGLISH_WORDS, key=len, reverse=True)) + r")(?![\w-])"
)
_SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-placeholder")


class _Page(HTMLParser):
    """The text a reader sees on a page (text and shown attributes) and the links it has."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.links, self.lang, self._hidden = [], [], None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in _SHOWN_ATTRIBUTES:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data)


def read_page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def english_in(texts) -> list[str]:
    """Return each English word found in `texts`, with the text it stands in."""
    found = []
    for text in texts:
        for match in _WORD_PATTERN.finditer(text):
            found.append(f"{match.group(1)!r} in {' '.join(text.split())[:80]!r}")
    return found


# Pages the walk leaves: leaving the admin, and the history pages (another part of the app owns them).
_SKIP = re.compile(r"/(logout|history)/|/admin/r/|/jsi18n/|/export/|\?.*_to_field=|/autocomplete/")


def admin_urls_from(links, *, base: str, seen: set[str], per_model: int = 1) -> list[str]:
    """Return the admin pages linked from `links` (on the page at `base`) not seen yet.

    Each list, form and delete confirmation of each model, for `per_model` of its rows, and one
    filtered or sorted list per model.
    """
    found = []
    for link in links:
        url, _fragment = urldefrag(urljoin(base, link))
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/admin/") or _SKIP.search(url) or url in seen:
            continue
        rows = re.match(r"^(/admin/\w+/\w+/)\d+/", parts.path)
        if rows:
            key = "rows:" + rows.group(1)
            count = sum(1 for item in seen if item.startswith(key))
            if parts.path.endswith("/change/") and count >= per_model:
                continue
            if parts.path.endswith("/change/"):
                seen.add(f"{key}{count}")
        if parts.query and not re.match(r"^(o|q|e|p|[a-z_]+__[a-z_]+|[a-z_]+)=", parts.query):
            continue
        if parts.query:
            key = "filter:" + parts.path
            if key in seen:
                continue
            seen.add(key)
        seen.add(url)
        found.append(url)
    return found
