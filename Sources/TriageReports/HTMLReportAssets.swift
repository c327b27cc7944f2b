/// The style sheet and the one script of the HTML report, inlined into every report so the file
/// works offline and from a chat attachment: no font, script or style is fetched.
enum HTMLReportAssets {
  /// Light and dark by the reader's setting, black on white when printed; colours keep a
  /// contrast of at least 4.5:1 on their background in both schemes.
  static let styleSheet = """
    :root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1b1b; --muted: #4a4a4a; --line: #c4c4c4;
      --panel: #f4f4f4; --ok: #17692f; --bad: #a8231a; --warn: #7a4f00; --unknown: #5a3f99; --accent: #0b57d0; }
    @media (prefers-color-scheme: dark) {
      :root { --bg: #111418; --fg: #e8e8e8; --muted: #b8b8b8; --line: #4a4f57; --panel: #1c2128;
        --ok: #7ee2a0; --bad: #ff9a90; --warn: #ffd27a; --unknown: #cbb8ff; --accent: #8ab4f8; }
    }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--fg);
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
    main, header.verdict, footer { max-width: 76rem; margin: 0 auto; padding: 0 1.25rem; }
    header.verdict { padding-top: 1.25rem; padding-bottom: 1rem; border-bottom: 4px solid var(--line); }
    header.verdict.problem, header.verdict.unreachable { border-color: var(--bad); }
    header.verdict.at-risk { border-color: var(--warn); }
    header.verdict.healthy { border-color: var(--ok); }
    header.verdict.undetermined { border-color: var(--unknown); }
    h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
    h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
    h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
    .status { display: inline-block; font-weight: 700; letter-spacing: .04em; padding: .1rem .6rem;
      border: 2px solid currentColor; border-radius: .3rem; }
    .problem .status, .unreachable .status, .fail { color: var(--bad); }
    .at-risk .status { color: var(--warn); }
    .healthy .status, .pass { color: var(--ok); }
    .undetermined .status, .unknown-outcome { color: var(--unknown); }
    .headline { font-size: 1.1rem; margin: .5rem 0 0; }
    .muted, .na { color: var(--muted); }
    table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92rem; }
    th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
    th { font-weight: 600; }
    td.number { text-align: right; font-variant-numeric: tabular-nums; }
    code, pre { font: .9em/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
    pre { background: var(--panel); border: 1px solid var(--line); border-radius: .3rem; padding: .5rem .75rem;
      margin: .25rem 0; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
    .command { display: flex; gap: .5rem; align-items: flex-start; }
    .command pre { flex: 1; }
    button.copy { font: inherit; font-size: .85rem; color: var(--fg); background: var(--panel);
      border: 1px solid var(--line); border-radius: .3rem; padding: .3rem .7rem; cursor: pointer; margin-top: .25rem; }
    button.copy:hover { border-color: var(--accent); }
    :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    .chain { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem; }
    .chain li:not(:last-child)::after { content: " →"; color: var(--muted); }
    figure { margin: .5rem 0; overflow-x: auto; border: 1px solid var(--line); border-radius: .3rem;
      background: var(--panel); padding: .5rem; }
    figcaption { font-size: .85rem; color: var(--muted); margin-top: .5rem; }
    svg.graph text { font: 12px ui-monospace, Menlo, Consolas, monospace; fill: var(--fg); }
    svg.graph .node rect { fill: var(--bg); stroke: var(--muted); stroke-width: 1.5; }
    svg.graph .node.rule rect { stroke: var(--accent); }
    svg.graph .node.root rect { stroke: var(--bad); stroke-width: 3; }
    svg.graph .node.mechanism rect { stroke: var(--warn); stroke-width: 2; }
    svg.graph .node.symptom rect { stroke: var(--fg); stroke-width: 2; }
    svg.graph .node.unknown rect { stroke: var(--unknown); stroke-dasharray: 5 3; }
    svg.graph .node:focus rect, svg.graph .node:hover rect { stroke-width: 3; }
    svg.graph .edge { fill: none; stroke: var(--muted); stroke-width: 1.3; }
    svg.graph .edge.unknown { stroke: var(--unknown); stroke-dasharray: 4 3; }
    svg.graph .arrowhead { fill: var(--muted); }
    .legend span { margin-right: 1rem; }
    footer { margin-top: 2rem; padding-bottom: 2rem; color: var(--muted); font-size: .85rem; }
    @media print {
      :root { --bg: #ffffff; --fg: #000000; --muted: #333333; --line: #999999; --panel: #ffffff; }
      button.copy { display: none; }
      figure { overflow: visible; }
      h2 { break-after: avoid; }
      tr, pre, figure { break-inside: avoid; }
    }
    """

  /// The copy buttons (the clipboard API where the page may use it, a selected text area where
  /// it may not; the button says what happened), and the graph node in focus spelled out under
  /// the graph for keyboard and screen-reader users. Nothing else runs.
  static let script = """
    document.querySelectorAll("svg.graph g.node").forEach(function (node) {
      node.addEventListener("focus", function () {
        var detail = document.getElementById("graph-detail");
        if (detail) { detail.textContent = node.getAttribute("aria-label") || ""; }
      });
    });
    document.querySelectorAll("button.copy").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-command") || "";
        function done(message) { button.textContent = message; setTimeout(function () { button.textContent = "Copy"; }, 1500); }
        function fallback() {
          var area = document.createElement("textarea");
          area.value = text; area.setAttribute("readonly", ""); area.style.position = "absolute"; area.style.left = "-9999px";
          document.body.appendChild(area); area.select();
          var copied = false;
          try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
          document.body.removeChild(area);
          done(copied ? "Copied" : "Select and copy");
        }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { done("Copied"); }, fallback);
        } else {
          fallback();
        }
      });
    });
    """
}
