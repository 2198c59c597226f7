"""Small DMN models written inline, so each test shows the table it is about."""
from __future__ import annotations

from xml.sax.saxutils import escape as x

NS = "https://www.omg.org/spec/DMN/20230324/MODEL/"


def table_model(hit_policy: str, inputs: list[tuple[str, str]], outputs: list[str],
                rules: list[tuple[list[str], list[str]]], aggregation: str | None = None,
                output_values: str | None = None, default: str | None = None) -> str:
    """A model with input data ``inputs`` (name, typeRef) and one decision table 'D'."""
    agg = f' aggregation="{aggregation}"' if aggregation else ""
    data = "".join(f'<inputData id="i{k}" name="{n}"><variable name="{n}" typeRef="{t}"/></inputData>'
                   for k, (n, t) in enumerate(inputs))
    reqs = "".join(f'<informationRequirement><requiredInput href="#i{k}"/></informationRequirement>'
                   for k in range(len(inputs)))
    cols = "".join(f'<input><inputExpression><text>{n}</text></inputExpression></input>' for n, _ in inputs)
    ov = f"<outputValues><text>{x(output_values)}</text></outputValues>" if output_values else ""
    dflt = f"<defaultOutputEntry><text>{x(default)}</text></defaultOutputEntry>" if default else ""
    outs = "".join(f'<output name="{o}">{ov}{dflt}</output>' for o in outputs)
    body = ""
    for k, (ins, outs_) in enumerate(rules, 1):
        body += f'<rule id="r{k}">' + "".join(f"<inputEntry><text>{x(c)}</text></inputEntry>" for c in ins)
        body += "".join(f"<outputEntry><text>{x(c)}</text></outputEntry>" for c in outs_) + "</rule>"
    return (f'<definitions xmlns="{NS}" id="m" name="m" namespace="http://example.com/m">{data}'
            f'<decision id="d" name="D"><variable name="D"/>{reqs}'
            f'<decisionTable hitPolicy="{hit_policy}"{agg}>{cols}{outs}{body}</decisionTable>'
            f"</decision></definitions>")


