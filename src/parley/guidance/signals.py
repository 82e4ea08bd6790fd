"""What guidance tells the apps above it, which it cannot import."""

from django.dispatch import Signal

# Sent by `create_version` inside its transaction, once the new draft has the clauses of the
# version before it, with `version`, `previous` and `user`: the apps that hang things on a
# version (a consultation's questions) carry them over by clause lineage.
version_started = Signal()
