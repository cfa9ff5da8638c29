"""Invitations: invitee lists, personal invitation links, sending, reminders and the
printable concept note."""
