"""`parley send_notifications`: the old name of `parley send-notifications`, kept so crontabs
and scripts written for it go on working."""

from importlib import import_module

Command = import_module("parley.management.commands.send-notifications").Command
