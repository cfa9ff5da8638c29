"""The user guide: three short pages (organisers, staff, registrants) written in Markdown
under ``docs/guide/`` (English) and ``docs/guide/<lang>/`` (French, Spanish, Arabic),
shown in the console (``/console/guide/<name>``, from the console menu) and, for
registrants, as the public help page ``/<lang>/help`` (linked from every public page)."""
