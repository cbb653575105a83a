"""dateline's command-line programs; importing the package first quiets Beam's import-time noise."""

from pipelines import console

__version__ = "0.1.0"

console.install_filters()
