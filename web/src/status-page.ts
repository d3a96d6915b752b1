/**
 * The simple status page: lists experiments with their progress, polling the Worker's API. The
 * admin token comes from the URL fragment `#token=...` printed by `murmur serve` (a fragment never
 * reaches the server) and is kept in localStorage.
 */
interface ExperimentRow {
  id: string;
  name: string;
  status: string;
  agents: number;
  rounds: number;
  roundsDone: number;
  lastRound: { active: number } | null;
  totals: { actions: number; events: number };
}

function token(): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromHash) localStorage.setItem("murmur-admin-token", fromHash);
  return fromHash ?? localStorage.getItem("murmur-admin-token");
}

function isRow(value: unknown): value is ExperimentRow {
  return typeof value === "object" && value !== null && "id" in value && "roundsDone" in value;
}

function cell(text: string): HTMLTableCellElement {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

function render(rows: ExperimentRow[]): void {
  const body = document.querySelector("#experiments tbody");
  if (!body) return;
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement("tr");
      tr.dataset["id"] = row.id;
      const status = document.createElement("span");
      status.className = `status ${row.status}`;
      status.textContent = row.status;
      const statusCell = document.createElement("td");
      statusCell.append(status);
      const progress = document.createElement("td");
      const bar = document.createElement("span");
      bar.className = "bar";
      const fill = document.createElement("span");
      fill.style.width = `${(100 * row.roundsDone) / Math.max(1, row.rounds)}%`;
      bar.append(fill);
      progress.append(bar, ` ${row.roundsDone}/${row.rounds}`);
      tr.append(
        cell(`${row.name} (${row.id})`),
        statusCell,
        progress,
        cell(String(row.agents)),
        cell(String(row.lastRound?.active ?? 0)),
        cell(String(row.totals.actions)),
        cell(String(row.totals.events)),
      );
      return tr;
    }),
  );
}

async function refresh(): Promise<void> {
  const notice = document.getElementById("notice");
  const adminToken = token();
  if (!adminToken) {
    if (notice) {
      notice.hidden = false;
      notice.textContent = "Open the URL that `murmur serve` printed (it carries the admin token).";
    }
    return;
  }
  const response = await fetch("/api/experiments", { headers: { Authorization: `Bearer ${adminToken}` } });
  const body: unknown = await response.json();
  if (!response.ok || typeof body !== "object" || body === null || !("experiments" in body) || !Array.isArray(body.experiments)) {
    if (notice) {
      notice.hidden = false;
      notice.textContent = "The API refused the request: is the admin token right?";
    }
    return;
  }
  if (notice) notice.hidden = true;
  render(body.experiments.filter(isRow));
}

void refresh();
setInterval(() => void refresh(), 1000);
