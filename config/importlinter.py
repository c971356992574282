"""An import-linter contract: apps use each other only through their `api` module.

The layers contract says which app may import which; this one says *what*
it may import: `<app>.api`, the surface an app chooses to expose (Open edX
OEP-49). Two exceptions, both deliberate: admin modules may extend another
app's admin classes, and migrations keep the imports they were written with
(history is not rewritten). `common` is the shared kernel and stays open.

Used by `make lint` (pyproject.toml, [tool.importlinter]); never imported at run time.
"""

from importlinter import Contract, ContractCheck, fields, output


def _is_admin(module: str) -> bool:
    return module.split(".")[1:2] == ["admin"]


class ApiOnlyContract(Contract):
    type_name = "api_only"

    apps = fields.ListField(subfield=fields.StringField())

    def check(self, graph, verbose: bool) -> ContractCheck:
        apps = set(self.apps)
        broken = []
        for importer in sorted(graph.modules):
            app = importer.split(".")[0]
            if app not in apps or ".migrations." in importer:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                other, _, rest = imported.partition(".")
                if other == app or other not in apps:
                    continue
                if rest == "api" or (_is_admin(imported) and _is_admin(importer)):
                    continue
                for detail in graph.get_import_details(importer=importer, imported=imported):
                    broken.append((importer, imported, detail["line_number"]))
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, line in check.metadata["broken"]:
            output.print_error(
                f"{importer} (l.{line}) imports {imported}: "
                f"use {imported.split('.')[0]}.api (or add the name there)",
                bold=False,
            )
            output.new_line()
