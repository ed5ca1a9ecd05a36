"""The sharing app's pages, a module per part of the work: ``disclosures`` (the door: sharing,
decisions not to share, a disclosure's own page), ``consent``, ``agreements``, ``log`` (the
managers' disclosure log and its export), ``requests`` (partners asking, managers answering)
and ``partners`` (what a partner sees of what was shared with their agency)."""
