"""News: Pact news written by staff and partnerships' news written by their coordinators.

``services`` (write, publish, unpublish, delete; audited), ``selectors`` (who may write what, the
public list, a partnership's news), ``forms``, ``views`` and ``feeds`` (Atom: all news, a
partnership's, an ecosystem's, recently launched partnerships).

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
