"""The forecast as a PNG bar chart (matplotlib, no display): what Slack and the web chat show."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on servers; must precede pyplot
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from analytics.forecast import TeamQuarter  # noqa: E402


def forecast_chart(rows: list[TeamQuarter], title: str) -> bytes:
    """Expected leavers and hires needed per quarter, with their 80 % intervals, as PNG bytes."""
    labels = [r.quarter for r in rows]
    x = np.arange(len(rows))
    fig, ax = plt.subplots(figsize=(6.4, 3.6), dpi=100)
    try:
        for offset, name, mean, low, high, color in (
            (-0.2, "expected leavers", [r.leavers for r in rows], [r.leavers_low for r in rows],
             [r.leavers_high for r in rows], "#d1495b"),
            (0.2, "hires needed", [r.hires for r in rows], [r.hires_low for r in rows],
             [r.hires_high for r in rows], "#00798c"),
        ):
            m = np.array(mean)
            err = np.vstack([np.clip(m - np.array(low), 0, None), np.clip(np.array(high) - m, 0, None)])
            ax.bar(x + offset, m, width=0.4, label=name, color=color, yerr=err, capsize=4)
        ax.set_xticks(x, labels)
        ax.set_ylabel("people")
        ax.set_title(title)
        ax.legend(frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        fig.text(0.01, 0.01, "bars: expected; whiskers: 80% interval", fontsize=7, color="#555")
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)
