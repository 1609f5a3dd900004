"""What a snippet gives back through the engine: values, output, errors, charts, seeds."""

from __future__ import annotations

from quizapp.snippets import SnippetEngine, SnippetJob


def test_conv_output_shape_as_tuple_and_as_torch_size(engine: SnippetEngine) -> None:
    setup = "cnn = nn.Conv2d(3, 32, kernel_size=3)"
    as_tuple = engine.run(SnippetJob(
        setup=setup, code="result = tuple(cnn(torch.rand(1, 3, 124, 124)).shape)"))
    assert as_tuple.ok, as_tuple.error
    assert as_tuple.value == {"type": "list", "items": [
        {"type": "int", "value": v} for v in (1, 32, 122, 122)]}
    as_size = engine.run(SnippetJob(setup=setup, code="cnn(torch.rand(1, 3, 124, 124)).shape"))
    assert as_size.value == {"type": "shape", "value": [1, 32, 122, 122]}


def test_last_expression_params_and_tensors(engine: SnippetEngine) -> None:
    res = engine.run(SnippetJob(code="k * 2 + 1", params={"k": 3}))
    assert res.value == {"type": "int", "value": 7}
    small = engine.run(SnippetJob(code="torch.tensor([[1.0, 2.0]])"))
    assert small.value == {"type": "tensor", "shape": [1, 2], "dtype": "float32",
                           "values": [[1.0, 2.0]]}
    big = engine.run(SnippetJob(code="torch.zeros(100, 100, dtype=torch.int64)"))
    assert big.value == {"type": "tensor", "shape": [100, 100], "dtype": "int64", "values": None}
    zero_dim = engine.run(SnippetJob(code="torch.tensor(2.0) > 1"))
    assert zero_dim.value == {"type": "bool", "value": True}
    nothing = engine.run(SnippetJob(code="x = 1"))
    assert nothing.ok and nothing.value == {"type": "none"}


def test_setup_result_is_not_the_snippets_value(engine: SnippetEngine) -> None:
    res = engine.run(SnippetJob(setup="result = 'from setup'", code="40 + 2"))
    assert res.value == {"type": "int", "value": 42}


def test_same_seed_same_numbers_other_seed_other_numbers(engine: SnippetEngine) -> None:
    code = "import random\n[torch.randn(3).tolist(), random.random()]"
    first = engine.run(SnippetJob(code=code, seed=7))
    again = engine.run(SnippetJob(code=code, seed=7))
    other = engine.run(SnippetJob(code=code, seed=8))
    assert first.ok and first.value == again.value
    assert first.value != other.value
    threads = engine.run(SnippetJob(code="torch.get_num_threads()"))
    assert threads.value == {"type": "int", "value": 1}


def test_output_is_captured_and_capped(engine: SnippetEngine) -> None:
    res = engine.run(SnippetJob(code="import sys\nprint('hello')\nprint('oops', file=sys.stderr)"))
    assert res.stdout == "hello\n" and res.stderr == "oops\n"
    long = engine.run(SnippetJob(code="print('y' * 200_000)"))
    assert long.ok and long.stdout.startswith("y" * 1000)
    assert "[… output truncated" in long.stdout and len(long.stdout) < 70_000


def test_traceback_points_into_the_yaml_file(engine: SnippetEngine) -> None:
    job = SnippetJob(
        setup="a = 1\nb = 2", setup_origin=("banks/cnn.yaml", 10),
        code="x = a + b\ny = x / 0", code_origin=("banks/cnn.yaml", 20),
    )
    res = engine.run(job)
    assert not res.ok and res.limit is None
    assert 'File "banks/cnn.yaml", line 21' in res.error
    assert "y = x / 0" in res.error and "ZeroDivisionError" in res.error
    assert "execute.py" not in res.error and "worker.py" not in res.error
    syntax = engine.run(SnippetJob(code="x = (1,\n", code_origin=("b.yaml", 5)))
    assert not syntax.ok and "b.yaml" in syntax.error and "SyntaxError" in syntax.error


def test_exit_is_an_error_not_a_crash(engine: SnippetEngine) -> None:
    res = engine.run(SnippetJob(code="import sys; sys.exit(3)"))
    assert not res.ok and res.limit is None and "exit(3)" in res.error


def test_demo_returns_chart_data(engine: SnippetEngine) -> None:
    code = (
        "norms = {name: [float(i) * s for i in range(5)] for name, s in (('relu', 1), ('sig', .1))}\n"
        "chart(norms, title='norm per layer', x_label='layer', y_label='norm', log_y=True)\n"
        "chart({'loss': (torch.arange(3), torch.tensor([3., 2., 1.]))}, kind='scatter')"
    )
    res = engine.run(SnippetJob(code=code))
    assert res.ok, res.error
    first, second = res.charts
    assert first["title"] == "norm per layer" and first["log_y"] is True
    assert [s["name"] for s in first["series"]] == ["relu", "sig"]
    assert second["series"][0] == {"name": "loss", "x": [0.0, 1.0, 2.0], "y": [3.0, 2.0, 1.0]}
    bad = engine.run(SnippetJob(code="chart({'a': [1]}, kind='pie')", code_origin=("d.yaml", 3)))
    assert not bad.ok and "d.yaml" in bad.error and "kind must be one of" in bad.error


def test_results_report_the_isolation_layers(engine: SnippetEngine) -> None:
    res = engine.run(SnippetJob(code="1"))
    assert "process" in res.layers
    assert set(res.layers) == set(engine.status.layers)


def test_what_a_snippet_prints_reaches_the_screen_without_terminal_controls(engine: SnippetEngine) -> None:
    """Colour and cursor sequences are dropped, a progress bar's carriage returns become line
    ends, and any other control character is shown, not sent: a snippet cannot clear the
    screen, retitle the terminal or write the clipboard."""
    res = engine.run(SnippetJob(code=(
        "print('\\x1b[31mred\\x1b[0m \\x1b]0;owned\\x07title \\x1b]52;c;aGk=\\x07clip \\x07bell')\n"
        "print('10%\\r50%\\r100%')\n"
        "import sys; print('\\x1b[2Jerr', file=sys.stderr)\n"
        "result = 'odd\\x1bvalue'\n"
    )))
    assert res.ok, res.error
    assert res.stdout == "red title clip \\x07bell\n10%\n50%\n100%\n"
    assert res.stderr == "err\n"
    assert res.value == {"type": "str", "value": "odd\\x1bvalue", "truncated": False}
    failed = engine.run(SnippetJob(code="raise ValueError('\\x1b[2Jgone')"))
    assert not failed.ok and "ValueError: gone" in (failed.error or "")
