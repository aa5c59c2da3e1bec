// rdg serve's page: draws a node's neighbourhood with Cytoscape.js (served from the jar), one colour per
// node type, edges labelled with their type; clicking a node shows its properties and adds its neighbours.
(function () {
  'use strict';
  // ColorBrewer Set3, the palette of `rdg export --format=dot`.
  const PALETTE = ['#8dd3c7', '#ffffb3', '#bebada', '#fb8072', '#80b1d3', '#fdb462', '#b3de69', '#fccde5',
    '#d9d9d9', '#bc80bd', '#ccebc5', '#ffed6f'];
  const colours = new Map();
  const expanded = new Set();
  const status = document.getElementById('status');

  function colourOf(type) {
    if (!colours.has(type)) {
      colours.set(type, PALETTE[colours.size % PALETTE.length]);
      renderLegend();
    }
    return colours.get(type);
  }

  const cy = cytoscape({
    container: document.getElementById('graph'),
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: {
        'background-color': 'data(colour)', 'border-width': 1, 'border-color': '#555',
        'label': 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'center', 'font-size': 9,
        'width': 60, 'height': 34, 'shape': 'round-rectangle' } },
      { selector: 'node.expanded', style: { 'border-width': 3 } },
      { selector: 'node:selected', style: { 'border-color': '#d62728', 'border-width': 3 } },
      { selector: 'edge', style: {
        'label': 'data(type)', 'font-size': 7, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
        'width': 1.5, 'line-color': '#999', 'target-arrow-color': '#999', 'text-rotation': 'autorotate',
        'text-background-color': '#fff', 'text-background-opacity': 0.8 } }
    ]
  });
  window.rdg = { cy: cy, expanded: expanded, expand: expand };

  function keyOf(ref) { return ref.type + ':' + ref.id; }

  function setStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  function addNode(node) {
    const key = keyOf(node);
    const existing = cy.getElementById(key);
    if (existing.length) {
      existing.data('raw', node);
      return;
    }
    const name = node.properties && node.properties.name;
    cy.add({ group: 'nodes', data: {
      id: key, type: node.type, colour: colourOf(node.type), raw: node,
      label: node.type + '\n' + node.id + (name ? '\n' + name : '') } });
  }

  // An edge can outlive its end node (retention expired the node): its end is drawn as a bare reference.
  function addEnd(ref) {
    if (!cy.getElementById(keyOf(ref)).length) {
      addNode({ type: ref.type, id: ref.id, properties: {} });
    }
  }

  function addEdge(edge) {
    addEnd(edge.src);
    addEnd(edge.dst);
    const source = keyOf(edge.src);
    const target = keyOf(edge.dst);
    const id = edge.type + '|' + source + '|' + target;
    if (!cy.getElementById(id).length) {
      cy.add({ group: 'edges', data: { id: id, source: source, target: target, type: edge.type, raw: edge } });
    }
  }

  async function expand(key) {
    const colon = key.indexOf(':');
    if (colon <= 0) {
      setStatus('error', 'A node is TYPE:ID, e.g. account:a1');
      return;
    }
    const type = key.substring(0, colon);
    const id = key.substring(colon + 1);
    const limit = document.getElementById('limit').value || '50';
    setStatus('loading', 'Loading ' + key + ' …');
    let answer;
    try {
      const response = await fetch('api/nodes/' + encodeURIComponent(type) + '/' + encodeURIComponent(id)
          + '/neighbors?direction=both&lookback=none&limit=' + encodeURIComponent(limit));
      answer = await response.json();
      if (!response.ok) {
        setStatus('error', answer.error || ('HTTP ' + response.status));
        return;
      }
    } catch (e) {
      setStatus('error', 'Request failed: ' + e);
      return;
    }
    answer.nodes.forEach(addNode);
    answer.edges.forEach(addEdge);
    expanded.add(key);
    cy.getElementById(key).addClass('expanded');
    cy.layout({ name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true }).run();
    cy.fit(undefined, 30);
    renderList();
    showDetails(key);
    setStatus('ready', key + ': ' + answer.edges.length + ' edges' + (answer.truncated ? ' (limited)' : '')
        + ' · ' + cy.nodes().length + ' nodes shown');
  }

  function showDetails(key) {
    const element = cy.getElementById(key);
    const details = document.getElementById('details');
    details.replaceChildren();
    if (!element.length) {
      return;
    }
    const node = element.data('raw');
    const title = document.createElement('h3');
    title.textContent = key;
    details.appendChild(title);
    const table = document.createElement('table');
    const rows = Object.entries(node.properties || {}).concat(
        [['firstSeen', node.firstSeen], ['lastSeen', node.lastSeen], ['count', node.count]]
            .filter(function (row) { return row[1] !== undefined; }));
    rows.forEach(function (row) {
      const tr = document.createElement('tr');
      row.forEach(function (cell) {
        const td = document.createElement('td');
        td.textContent = String(cell);
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    details.appendChild(table);
  }

  function renderList() {
    const list = document.getElementById('node-list');
    list.replaceChildren();
    cy.nodes().map(function (n) { return n.id(); }).sort().forEach(function (key) {
      const li = document.createElement('li');
      li.dataset.key = key;
      li.textContent = key;
      if (expanded.has(key)) {
        li.className = 'expanded';
      }
      list.appendChild(li);
    });
  }

  function renderLegend() {
    const legend = document.getElementById('legend');
    legend.replaceChildren();
    colours.forEach(function (colour, type) {
      const span = document.createElement('span');
      span.dataset.type = type;
      span.style.backgroundColor = colour;
      span.textContent = type;
      legend.appendChild(span);
    });
  }

  cy.on('tap', 'node', function (event) {
    const key = event.target.id();
    showDetails(key);
    if (!expanded.has(key)) {
      expand(key);
    }
  });

  document.getElementById('search').addEventListener('submit', function (event) {
    event.preventDefault();
    const key = document.getElementById('node-input').value.trim();
    cy.elements().remove();
    expanded.clear();
    expand(key);
    history.replaceState(null, '', '?node=' + encodeURIComponent(key));
  });

  const start = new URLSearchParams(location.search).get('node');
  if (start) {
    document.getElementById('node-input').value = start;
    expand(start);
  }
})();
