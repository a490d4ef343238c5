// The Tether page of the Web Console: fetches the JSON API and updates the sections in place.
(function () {
  'use strict';
  const root = document.getElementById('tether');
  // absolute, from the origin: a page opened as http://user:password@host/… cannot fetch relative URLs
  const api = window.location.origin + root.dataset.api;
  const csrfHeader = root.dataset.csrfHeader;
  const $ = (id) => document.getElementById(id);
  let timer = null;
  let refreshMillis = 2000;
  let itemQuery = null;
  let modelsShown = '';

  function node(tag, text, className) {
    const element = document.createElement(tag);
    if (text !== undefined && text !== null) element.textContent = String(text);
    if (className) element.className = className;
    return element;
  }

  function unavailable(reason) {
    const span = node('span', 'not available', 'tether-unavailable');
    span.title = reason || '';
    return span;
  }

  function show(feature, format) {
    if (!feature) return unavailable('');
    if (!feature.available) return unavailable(feature.reason);
    return format ? format(feature.value) : String(feature.value);
  }

  function fillTable(section, rows) {
    const body = document.querySelector('#' + section + ' tbody');
    body.replaceChildren(...rows.map(([label, value, id]) => {
      const row = node('tr');
      row.append(node('td', label, 'tether-label'));
      const cell = node('td');
      if (id) cell.id = id;
      if (value instanceof Node) cell.append(value); else cell.textContent = value === null || value === undefined ? '—' : String(value);
      row.append(cell);
      return row;
    }));
  }

  async function call(method, path, body) {
    const init = { method: method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
    if (method !== 'GET') init.headers[csrfHeader] = 'console';
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(api + path, init);
    let json = null;
    try { json = await response.json(); } catch (e) { json = { error: response.statusText }; }
    return { status: response.status, json: json };
  }

  function renderStatus(status) {
    const c = status.connection;
    const connected = node('span', c.connected ? 'connected' : 'disconnected', c.connected ? 'tether-ok' : 'tether-bad');
    connected.id = 'tether-connected';
    fillTable('tether-connection', [
      ['state', connected],
      ['broker', c.broker],
      ['device id', c.deviceId, 'tether-device-id'],
      ['schema version', c.schemaVersion],
      ['replication engine', c.engineAvailable ? 'running' : 'not running'],
      ['local store', c.storeAvailable ? 'available' : 'not available'],
      ['last error', c.lastError]
    ]);
    const s = status.sync;
    fillTable('tether-sync', [
      ['outbox depth', s.outboxDepth, 'tether-outbox-depth'],
      ['oldest pending change', show(s.oldestPendingAgeMillis, (ms) => (ms / 1000).toFixed(1) + ' s'), 'tether-oldest-pending'],
      ['in-flight batches', s.inFlightBatches],
      ['changes sent', s.changesSent],
      ['changes acknowledged', s.changesAcknowledged, 'tether-acknowledged'],
      ['duplicates / rejected / conflicts', s.changesDuplicate === undefined ? null
        : s.changesDuplicate + ' / ' + s.changesRejected + ' / ' + s.conflictsSettled],
      ['cloud changes applied / refused', s.cloudChangesApplied === undefined ? null
        : s.cloudChangesApplied + ' / ' + s.cloudChangesRefused],
      ['last ack', s.lastAck, 'tether-last-ack'],
      ['rates', s.sentPerSecond === undefined ? null : s.sentPerSecond + ' sent/s, ' + s.acknowledgedPerSecond + ' acknowledged/s'],
      ['dead letters', show(s.deadLetters), 'tether-dead-letter-count'],
      ['cursors', show(s.cursors, (v) => 'device stream ' + v.downDevice + ', all-devices stream ' + v.downShared
        + (v.lastHlc ? ', last HLC ' + v.lastHlc : '')), 'tether-cursors'],
      ['paused', show(s.paused, (v) => (v ? 'yes' : 'no'))]
    ]);
    const progress = $('tether-progress');
    const shown = show(s.resyncProgress, describeProgress);
    const progressText = typeof shown === 'string' ? node('span', shown) : shown;
    progressText.id = 'tether-progress-text';
    progress.replaceChildren(node('span', 'catch-up / resync progress: '), progressText);
    renderModels(status.models);
    $('tether-statline').textContent = (c.connected ? 'Connected' : 'Not connected') + ' · device ' + (c.deviceId || '—')
      + ' · refreshing every ' + status.console.refreshIntervalMillis + ' ms · updated ' + new Date().toLocaleTimeString();
    $('tether-statline').dataset.refreshMillis = status.console.refreshIntervalMillis;
    refreshMillis = Math.max(250, status.console.refreshIntervalMillis);
  }

  function describeProgress(p) {
    if (!p) return 'none since the engine started';
    const kind = p.kind === 'full-resync' ? 'full resync' : 'catch-up';
    const state = p.running ? 'running' : (p.finishedAt ? 'done at ' + p.finishedAt : 'given up');
    let text = kind + ' ' + state + ': ' + p.pagesDone + ' pages, ' + p.itemsDone + ' items';
    if (p.running) text += p.itemsLeft === null ? ', rest unknown' : ', about ' + p.itemsLeft + ' left';
    return text;
  }

  function renderModels(models) {
    const body = document.querySelector('#tether-models tbody');
    body.replaceChildren(...models.map((m) => {
      const row = node('tr');
      row.append(node('td', m.name), node('td', m.sync), node('td', m.enable),
        node('td', m.keyAttributes.join(', ') + ' ← ' + m.keyFields.join(', ')));
      const count = node('td');
      const shown = show(m.count);
      if (shown instanceof Node) count.append(shown); else count.textContent = shown;
      row.append(count);
      return row;
    }));
    const signature = JSON.stringify(models.map((m) => [m.name, m.keyFields]));
    if (signature !== modelsShown) {
      modelsShown = signature;
      const select = $('tether-item-model');
      const chosen = select.value;
      select.replaceChildren(...models.map((m) => {
        const option = node('option', m.name);
        option.value = m.name;
        option.dataset.keyFields = JSON.stringify(m.keyFields);
        return option;
      }));
      if (chosen && models.some((m) => m.name === chosen)) select.value = chosen;
      renderKeyInputs();
    }
  }

  function renderKeyInputs() {
    const option = $('tether-item-model').selectedOptions[0];
    const fields = option ? JSON.parse(option.dataset.keyFields) : [];
    $('tether-item-keys').replaceChildren(...fields.map((field) => {
      const label = node('label', field + ' ');
      const input = node('input');
      input.size = 14;
      input.dataset.keyField = field;
      input.id = 'tether-key-' + field;
      label.append(input);
      return label;
    }));
  }

  function renderList(section, result, columns, actions) {
    const target = document.querySelector('#' + section + ' .tether-list');
    if (result.status !== 200) {
      target.replaceChildren(node('span', result.json.error, 'tether-unavailable'));
      return;
    }
    const items = result.json.items;
    if (items.length === 0) {
      target.replaceChildren(node('span', 'none', 'tether-note'));
      return;
    }
    const table = node('table', null, 'nicetable');
    const head = node('tr');
    columns.concat(actions ? [''] : []).forEach((column) => head.append(node('th', column)));
    table.append(head);
    items.forEach((item) => {
      const row = node('tr');
      if (item.id !== undefined) row.dataset.id = item.id;
      columns.forEach((column) => {
        const value = item[column];
        row.append(node('td', typeof value === 'object' ? JSON.stringify(value) : value));
      });
      if (actions) row.append(actions(item));
      table.append(row);
    });
    target.replaceChildren(table);
  }

  function deadLetterActions(item) {
    const cell = node('td');
    [['retry', 'Retry'], ['discard', 'Discard']].forEach(([action, label]) => {
      const button = node('button', label);
      button.type = 'button';
      button.className = 'tether-dead-letter-' + action;
      button.addEventListener('click', () => act('POST', '/dead-letters/' + encodeURIComponent(item.id) + '/' + action));
      cell.append(button);
    });
    return cell;
  }

  async function act(method, path) {
    const result = await call(method, path);
    const message = $('tether-message');
    message.textContent = result.json.message || result.json.error || ('HTTP ' + result.status);
    message.className = result.status < 300 ? 'tether-ok' : 'tether-bad';
    refresh();
  }

  function itemPath(after) {
    const model = $('tether-item-model').value;
    const query = new URLSearchParams();
    document.querySelectorAll('#tether-item-keys input').forEach((input) => {
      if (input.value.trim()) query.set(input.dataset.keyField, input.value.trim());
    });
    if ($('tether-item-prefix').value.trim()) query.set('prefix', $('tether-item-prefix').value.trim());
    query.set('limit', $('tether-item-limit').value.trim() || '20');
    if (after) query.set('after', after);
    return '/items/' + encodeURIComponent(model) + '?' + query.toString();
  }

  async function runItemQuery() {
    if (!itemQuery) return;
    const result = await call('GET', itemQuery);
    const target = $('tether-item-result');
    const next = $('tether-item-next');
    if (result.status !== 200) {
      target.replaceChildren(node('p', result.json.error,
        result.status === 404 ? 'tether-note' : 'tether-unavailable'));
      next.hidden = true;
      return;
    }
    target.replaceChildren(...result.json.items.map((item) => node('pre', JSON.stringify(item, null, 2), 'tether-json')));
    next.hidden = !result.json.next;
    next.dataset.after = result.json.next || '';
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      const status = await call('GET', '/status');
      if (status.status === 200) renderStatus(status.json);
      renderList('tether-conflicts', await call('GET', '/conflicts?limit=20'), ['model', 'key', 'winner', 'at']);
      renderList('tether-dead-letters', await call('GET', '/dead-letters?limit=20'), ['id', 'model', 'key', 'op', 'reason', 'at'], deadLetterActions);
      await runItemQuery();
    } catch (e) {
      $('tether-statline').textContent = 'The gateway does not answer: ' + e;
    }
    timer = setTimeout(refresh, refreshMillis);
  }

  document.querySelectorAll('#tether-actions button[data-action]').forEach((button) => {
    button.addEventListener('click', () => act('POST', '/' + button.dataset.action));
  });
  $('tether-item-model').addEventListener('change', renderKeyInputs);
  $('tether-item-form').addEventListener('submit', (event) => {
    event.preventDefault();
    itemQuery = itemPath();
    runItemQuery();
  });
  $('tether-item-next').addEventListener('click', () => {
    itemQuery = itemPath($('tether-item-next').dataset.after);
    runItemQuery();
  });
  refresh();
}());
