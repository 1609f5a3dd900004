"""A SelectionList whose boxes say checked or not in their character, not only in colour:
Textual draws `▐X▌` for both, which captures, monochrome terminals and screen readers cannot
tell apart. Checked boxes show ✓, unchecked ones a blank."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton  # its box characters: no public name

CHECKED, UNCHECKED = "✓", " "


class MarkedSelectionList(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 3 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        style = segments[1].style
        index = style.meta.get("option") if style is not None else None
        if index is None:
            return strip
        checked = self.get_option_at_index(index).value in self.selected
        segments[1] = Segment(CHECKED if checked else UNCHECKED, style)
        return Strip(segments, strip.cell_length)
