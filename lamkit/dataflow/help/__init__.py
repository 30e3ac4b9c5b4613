"""Help pages -> grounded plans: the workflow's own data path (issue 14).

- :mod:`lamkit.dataflow.help.inventory`: the application's UI inventory (menu tree, toolbar
  buttons), discovered once from the live application and cached as JSON beside this file.
- :mod:`lamkit.dataflow.help.compile`: harvested plan sentences -> ``PlanStep`` s the heuristic
  expert replays, with a counted reason for every step that does not compile.
"""
