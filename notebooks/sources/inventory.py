"""Runbook: the stamp's platform images as a pandas DataFrame, counts, a chart and a CSV export."""

from __future__ import annotations

from typing import Any

from sources.cells import code, md, parameters
from sources.common import PY_CONNECT, PY_CONNECTION_PARAMETERS, PY_CONNECT_PWSH, target_note


def image_inventory() -> list[Any]:
    return [
        md(f"""
# Image inventory

The stamp's platform images as a pandas DataFrame: counts by publisher, OS type and provisioning state,
a chart, and a CSV export for the team's records.

{target_note(python=True)}
"""),
        parameters(PY_CONNECTION_PARAMETERS + r"""
work_folder = ""  # where the CSV is written; '' = a temporary folder
csv_path = ""  # '' = image-inventory.csv in the work folder
"""),
        md("## Connect"),
        code(PY_CONNECT),
        code(PY_CONNECT_PWSH),
        md("## The catalogue as a DataFrame"),
        code(r"""
images = %Get-AzsPlatformImage -Location $location
columns = ["Publisher", "Offer", "Sku", "Version", "OsType", "ProvisioningState"]
images = images.reindex(columns=columns)
print(f"{len(images)} platform image(s)")
images.sort_values(columns[:4])
"""),
        md("## Counts by publisher, OS type and state"),
        code(r"""
import pandas as pd

counts = {
    name: images.groupby(column).size().rename("Images").reset_index()
    for name, column in (("by publisher", "Publisher"), ("by OS type", "OsType"), ("by state", "ProvisioningState"))
}
for name, table in counts.items():
    print(name)
    display(table)
"""),
        md("## A chart\n\nImages per publisher, stacked by provisioning state (an SVG drawn here: no plotting library needed)."),
        code(r"""
from html import escape
from IPython.display import SVG

COLOURS = {"Succeeded": "#107c10", "Failed": "#d13438", "Creating": "#0078d4", "Canceled": "#8a6d00"}


def bar_chart(frame: pd.DataFrame) -> SVG:
    table = frame.groupby(["Publisher", "ProvisioningState"]).size().unstack(fill_value=0)
    width, bar, gap, left = 520, 22, 10, 140
    most = max(int(table.sum(axis=1).max()) if len(table) else 1, 1)
    rows = []
    for i, (publisher, counts) in enumerate(table.iterrows()):
        y, x = 10 + i * (bar + gap), left
        rows.append(f'<text x="{left - 6}" y="{y + bar * 0.7}" text-anchor="end" font-size="12">{escape(str(publisher))}</text>')
        for state, count in counts.items():
            w = (width - left - 40) * count / most
            if count:
                rows.append(f'<rect x="{x}" y="{y}" width="{w}" height="{bar}" fill="{COLOURS.get(state, "#605e5c")}">'
                            f'<title>{escape(str(state))}: {count}</title></rect>')
            x += w
        rows.append(f'<text x="{x + 4}" y="{y + bar * 0.7}" font-size="12">{int(counts.sum())}</text>')
    height = 20 + len(table) * (bar + gap)
    return SVG(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">{"".join(rows)}</svg>')


bar_chart(images)
"""),
        md("## Export to CSV"),
        code(r"""
csv_path = csv_path or os.path.join(work_folder, "image-inventory.csv")
images.sort_values(columns[:4]).to_csv(csv_path, index=False)
again = pd.read_csv(csv_path, dtype=str)
assert len(again) == len(images)
print(f"Wrote {len(again)} row(s) to {csv_path}")
"""),
    ]
