"""The legal memo (DESIGN §3): what a run of the model means, written for a lawyer.

The pipeline, one module per step::

    runs ──trace──▶ every table each decision ran (nested ones too) and the deciding path
         ──content.build──▶ Memo: display text per section, in the memo's language
         ──render──▶ HTML · Markdown (Jinja templates in reports/templates)
                     └──pdf──▶ PDF (WeasyPrint, from the same HTML)

    checklist   asks the model which duties the provider's role carries
    graph.draw  the decision graph as SVG, DOT or Mermaid, the deciding path marked
    i18n        one gettext catalogue per language, beside the templates
    law         what the memo knows of the legal model beyond its tables (LAW.md)

:func:`dmnlaw.memo.render.render` is what ``dmnlaw run`` calls; :func:`dmnlaw.memo.graph.draw`
is shared with ``dmnlaw graph``.
"""
