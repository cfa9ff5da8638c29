"""Who may do what with inputs (admins pass every check, see ``User.has_role``).

- ``staff`` (the IPU secretariat team that handles inputs) reviews: status, notes,
  tags and working titles, attachments, compilation.
- ``organiser`` (runs the event) may read the queue and inputs and produce the
  compilation, because the organiser answers for the event and sets the inputs deadline;
  organisers do not change reviews and do not open attachments, which the issue reserves
  for staff. Their API tokens may enter and search inputs, as the issue asks
  ("API for organiser/staff tokens").
"""
REVIEW_ROLES = ("staff",)
VIEW_ROLES = ("staff", "organiser")
ATTACHMENT_ROLES = ("staff",)
API_ROLES = ("staff", "organiser")
