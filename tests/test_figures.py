"""The book's static figures: crisp (SVG, glyphs as paths) and readable on a 390 px phone.

Every ``*_figure`` builder in :mod:`lossbook.plotting` is drawn here as a
chapter draws it.  A figure is FIGURE_WIDTH inches wide and shows at 96 CSS px
per inch; on the phone it shrinks to PHONE_COLUMN_PX, so each text must be at
least MIN_FONT_PT points to be MIN_TEXT_PX CSS px there.
"""

import re

import matplotlib
import numpy as np
import pytest
from matplotlib.text import Text

import lossbook
from lossbook import catalog, plotting
from lossbook.examples import classification as cex
from lossbook.examples import regression as rex
from lossbook.examples.foundations import TRIP_DISTANCES, TRIP_FUEL
from lossbook.plotting import FIGURE_WIDTH, MIN_FONT_PT, MIN_TEXT_PX, PHONE_COLUMN_PX, BookFigure


def _losses_and_cost():
    x, y = np.array(TRIP_DISTANCES, float), np.array(TRIP_FUEL, float)
    losses = lossbook.mean_squared_error(y, 5.0 * x, reduction="none")
    return plotting.losses_and_cost_figure(x, y, 5.0, losses, xlabel="distance (100 km)",
                                           ylabel="fuel (litres)", loss_name="squared error (litres²)")


def _cost_curve():
    from lossbook.symbolic.models import proportional_model_cost

    cost = proportional_model_cost(catalog.get("mse").definition(), TRIP_DISTANCES, TRIP_FUEL)
    return plotting.cost_curve_figure(cost.lambdify(), np.linspace(0, 12, 300), float(cost.minimisers[0]))


# The calls of the chapters (book/*.ipynb), one or more per builder.
BOOK_FIGURES = {
    "losses_and_cost_figure": _losses_and_cost,
    "cost_curve_figure": _cost_curve,
    "loss_shapes_figure": lambda: plotting.loss_shapes_figure(
        ["huber_loss", "pseudo_huber_loss", "log_cosh_loss", "mean_absolute_error"], r_max=4.0),
    "loss_shapes_figure[mae-mse]": lambda: plotting.loss_shapes_figure(
        ["mean_absolute_error", "mean_squared_error"], r_max=2.0),
    "descent_race_figure": lambda: plotting.descent_race_figure([
        rex.descent_race("mean_squared_error"), rex.descent_race("mean_absolute_error"),
        rex.descent_race("mean_absolute_error", schedule="1/sqrt(k)")]),
    "outlier_fit_figure": lambda: plotting.outlier_fit_figure(30.0),
    "quantile_figure": lambda: plotting.quantile_figure(rex.delivery_minutes()),
    "relative_error_figure": lambda: plotting.relative_error_figure(),
    "sigmoid_figure": lambda: plotting.sigmoid_figure(),
    "bce_branches_figure": lambda: plotting.bce_branches_figure(probability=cex.DOG_PROBABILITY,
                                                                label=cex.DOG_LABEL),
    "naive_sigmoid_log_figure": lambda: plotting.naive_sigmoid_log_figure(),
    "margin_losses_figure": lambda: plotting.margin_losses_figure(margin=cex.HINGE_LABEL * cex.HINGE_SCORE),
    "softmax_figure": lambda: plotting.softmax_figure(cex.ANIMAL_LOGITS, cex.ANIMALS, true_class=cex.CAT_LABEL),
    "temperature_figure": lambda: plotting.temperature_figure(cex.ANIMAL_LOGITS, cex.ANIMALS, cex.TEMPERATURES),
    "cross_entropy_kl_figure": lambda: plotting.cross_entropy_kl_figure(
        [cex.CAT_TARGET, cex.SOFT_CAT_TARGET], first_class="cat"),
    "multilabel_figure": lambda: plotting.multilabel_figure(cex.HUSKY_CLASSES, cex.HUSKY_LOGITS, cex.HUSKY_TARGET),
}


@pytest.fixture(scope="module", params=sorted(BOOK_FIGURES))
def book_figure(request):
    figure = BOOK_FIGURES[request.param]()
    figure.draw_without_rendering()
    figure.name = request.param
    return figure


def _texts(figure):
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


def test_every_builder_is_checked_here():
    modules = (plotting.foundations, plotting.regression, plotting.classification)
    builders = {name for module in modules for name in module.__all__ if name.endswith("_figure")}
    assert builders <= {name.split("[")[0] for name in BOOK_FIGURES}


def test_the_style_makes_phone_text_large_enough():
    assert MIN_FONT_PT * PHONE_COLUMN_PX / (72 * FIGURE_WIDTH) == pytest.approx(MIN_TEXT_PX)
    assert matplotlib.rcParams["font.size"] < MIN_FONT_PT  # the style is not left behind globally


def test_figure_is_a_book_figure_of_the_book_width(book_figure):
    assert isinstance(book_figure, BookFigure)
    assert book_figure.get_figwidth() <= FIGURE_WIDTH
    assert book_figure.get_figheight() <= 1.1 * FIGURE_WIDTH + 0.3  # stacked panels, not a scroll


def test_every_text_is_readable_on_a_phone(book_figure):
    texts = _texts(book_figure)
    assert texts
    for text in texts:
        phone_px = text.get_fontsize() * PHONE_COLUMN_PX / (72 * book_figure.get_figwidth())
        assert phone_px >= MIN_TEXT_PX, f"{text.get_text()!r}: {text.get_fontsize():.1f} pt, {phone_px:.1f} px"


def test_nothing_drawn_is_cut_off(book_figure):
    """Everything drawn (labels, legends, annotations) lies inside the figure."""
    drawn = book_figure.get_tightbbox(book_figure._get_renderer())
    width, height = book_figure.get_size_inches()
    assert drawn.x0 >= -0.01 and drawn.y0 >= -0.01, drawn
    assert drawn.x1 <= width + 0.01 and drawn.y1 <= height + 0.01, drawn


def test_figure_displays_as_svg_with_glyphs_as_paths(book_figure):
    svg = book_figure._repr_svg_()
    assert "<svg" in svg and "<text" not in svg  # no font needed on the reader's machine
    assert not hasattr(book_figure, "_repr_png_")  # one representation only, no blurry PNG
    width_pt = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1))
    assert width_pt == pytest.approx(72 * book_figure.get_figwidth())
    # Glyph outlines are defined at size 100 and scaled: this also catches typeset
    # exponents and sub-/superscripts, which are drawn smaller than their font size.
    sizes = [100 * float(s) for s in re.findall(r"scale\(([\d.]+) -[\d.]+\)", svg)]
    assert sizes and min(sizes) >= MIN_FONT_PT


def test_text_repr_names_no_size(book_figure):
    """nbval compares a figure cell's text/plain; a new figure size must not change it."""
    assert repr(book_figure) == f"<BookFigure with {len(book_figure.axes)} Axes>"


def test_svg_is_reproducible(book_figure):
    """The same figure gives the same file (no date, stable ids): the built book does not churn."""
    again = BOOK_FIGURES[book_figure.name]()
    assert again._repr_svg_() == BOOK_FIGURES[book_figure.name]()._repr_svg_()


def test_svg_is_smaller_than_a_png_at_twice_the_resolution(book_figure):
    import io

    png = io.BytesIO()
    book_figure.savefig(png, format="png", dpi=2 * 96)
    assert len(book_figure._repr_svg_().encode()) < len(png.getvalue())
