"""Safe Markdown: formatting survives, anything that could run is removed."""

from core.markdown import render_markdown


def test_markdown_is_rendered():
    html = render_markdown("**Samverkan** är vårt medel.\n\n- ett\n- två")
    assert "<strong>Samverkan</strong>" in html
    assert "<li>ett</li>" in html


def test_dangerous_html_is_removed():
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>'
        '<p style="color:red" onclick="x()">text</p>[ok](https://example.org)'
    )
    for bad in ("<script", "onerror", "javascript:", "onclick", "style=", "<img"):
        assert bad not in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer"' in html


def test_empty_text_gives_empty_html():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
