"""The web workbench: query, validate and explore the knowledge graph in a browser (issue 7).

Server-rendered pages in English, French and Spanish (messages from :mod:`smpgraph.i18n`), served by
the same app as the SPARQL endpoint: :func:`smpgraph.server.create_app` registers :data:`bp`. The pages
read the store and settings through :mod:`smpgraph.server.context` and never import the app factory.
"""

from smpgraph.web import builder as _builder
from smpgraph.web import entities as _entities
from smpgraph.web import explore as _explore
from smpgraph.web import gaps_page as _gaps_page
from smpgraph.web import home as _home
from smpgraph.web import maps as _maps
from smpgraph.web import network as _network
from smpgraph.web import query as _query
from smpgraph.web import validate as _validate
from smpgraph.web.blueprint import bp as bp

__all__ = ["bp"]

# imported for the routes they add to bp
del _builder, _entities, _explore, _gaps_page, _home, _maps, _network, _query, _validate
