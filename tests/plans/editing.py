"""Posting the section editor as the browser does: title, text, revision and the data block formset."""

PREFIX = "datablock"


def block_rows(section) -> list[dict]:
    """Return the section's stored data blocks as the editor's formset shows them."""
    return [
        {"kind": block.kind, "project": block.project_id or "", "meeting": block.meeting_id or "",
         "param": block.param, "number": block.number}
        for block in section.blocks.all()
    ]  # fmt: skip


def block_formset_data(rows: list[dict], *, initial: int | None = None) -> dict:
    """Return the formset's POST data for `rows` (dicts of kind, project, meeting, param, number, DELETE)."""
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PREFIX}-INITIAL_FORMS": str(len(rows) if initial is None else initial),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if key == "DELETE":
                if value:
                    data[f"{PREFIX}-{index}-DELETE"] = "on"
            else:
                data[f"{PREFIX}-{index}-{key}"] = "" if value is None else value
    return data


def section_post(section, *, blocks: list[dict] | None = None, **changes) -> dict:
    """Return the section editor's POST for `section` as stored, with `changes` and (when given) other `blocks`."""
    data = {"title": section.title, "body": section.body, "revision": section.revision}
    rows = block_rows(section) if blocks is None else blocks
    data.update(block_formset_data(rows, initial=len(block_rows(section)) if blocks is not None else None))
    data.update(changes)
    return data
