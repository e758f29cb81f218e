"""``python -m evals.qa_squad`` scores the FIT half unless the REPORT half is named (session 18, brief F):
until then its default was the REPORT half, a trap for anyone fitting. Nothing here reads the SQuAD data:
the readers, the base and the questions are stand-ins."""

import pytest

from evals import qa_squad
from evals.qa_squad import SquadItem
from knowledge import Answer


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[str, ...]]]:
    calls: list[tuple[str, tuple[str, ...]]] = []

    def short(halves: tuple[str, ...], modes: tuple[str, ...]) -> dict[str, object]:
        calls.append(("short", halves))
        return {}

    def neural(halves: tuple[str, ...], default: bool = True) -> dict[str, object]:
        calls.append(("neural", halves))
        return {}

    monkeypatch.setattr(qa_squad, "available", lambda: "")
    monkeypatch.setattr(qa_squad, "short_figures", short)
    monkeypatch.setattr(qa_squad, "neural_figures", neural)
    return calls


def test_the_default_is_the_fit_half(asked: list[tuple[str, tuple[str, ...]]]) -> None:
    assert qa_squad.parser().parse_args([]).halves == "fit"
    qa_squad.main(["--short", "typed"])
    qa_squad.main(["--neural"])
    assert asked == [("short", ("fit",)), ("neural", ("fit",))]


def test_the_report_half_only_when_named(asked: list[tuple[str, tuple[str, ...]]]) -> None:
    qa_squad.main(["--short", "typed", "--halves", "report"])
    qa_squad.main(["--neural", "--halves", "report,fit"])
    assert asked == [("short", ("report",)), ("neural", ("report", "fit"))]
    with pytest.raises(SystemExit):
        qa_squad.main(["--short", "typed", "--halves", "everything"])
    assert len(asked) == 2


def test_the_plain_command_reads_no_report_question_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --short or --neural: both readers on the FIT half only; the REPORT half's questions are not
    asked and its figures not printed (``--halves report,fit`` prints both)."""
    questions: list[str] = []

    class Base:
        def warm(self) -> None:
            pass

        def answer(self, question: str) -> Answer:
            questions.append(question)
            return Answer("", True, 0.0)

    items = [SquadItem("1", "Normans", "fit q", ("a",)), SquadItem("2", "Imperialism", "report q", ())]
    monkeypatch.setattr(qa_squad, "available", lambda: "")
    monkeypatch.setattr(qa_squad, "load_questions", lambda: items)
    monkeypatch.setattr(qa_squad, "open_base", lambda reader=False: Base())
    qa_squad.main([])
    out = capsys.readouterr().out
    assert questions == ["fit q", "fit q"]
    assert '"fit"' in out and '"report"' not in out
    questions.clear()
    qa_squad.main(["--halves", "report,fit"])
    assert sorted(questions) == ["fit q", "fit q", "report q", "report q"]
    assert '"report"' in capsys.readouterr().out
