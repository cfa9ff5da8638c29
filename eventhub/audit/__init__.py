"""The change log: who created, edited, published or cloned an event or session, and who
changed a team (field, old value, new value). Shown on the console's audit page next to
the export log. Write entries with :func:`eventhub.audit.services.record`."""
