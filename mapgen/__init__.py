"""mapgen: turn a folder of geodata into a published, static service map.

The library is the API; the ``mapgen`` command is a thin shell over it::

    >>> from mapgen import build
    >>> result = build("path/to/project")          # doctest: +SKIP
    >>> result.coverage.covered, result.coverage.townships   # doctest: +SKIP
    (6, 12)
"""

from mapgen.errors import BuildError, ConfigError, MapgenError
from mapgen.problems import Problem, Severity
from mapgen.project import Project, load_project
from mapgen.site import BuildResult, build

__version__ = "0.1.0"

__all__ = [
    "BuildError",
    "BuildResult",
    "ConfigError",
    "MapgenError",
    "Problem",
    "Project",
    "Severity",
    "__version__",
    "build",
    "load_project",
]
