"""`python -m dmnlaw` is the `dmnlaw` command."""
from .cli import main

main()
