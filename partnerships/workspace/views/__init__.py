"""A partnership's own pages, by topic like the services: ``setup`` (creating it, editing the
profile), ``pages`` (the workspace, its notes, members and coordination), ``invitations`` (and
join requests) and ``stages`` (the staff's stage and closing pages). Outsiders get 404.

May import access, the apps' models, selectors and services, and the kernel; never the site."""
