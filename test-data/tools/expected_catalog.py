#!/usr/bin/env python3
"""Works out expected/catalog.jsonl and expected/catalog-deadletters.jsonl by hand-coding the rules of
mappings/catalog.yaml, independently of rdg's Java code. Run from test-data/: python3 tools/expected_catalog.py
plays.avro is read from its source tools/plays.json (tools/MakeAvro.java writes one from the other)."""
import csv, datetime, io, json

def iso(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (ms % 1000)

def parse_iso(text):
    return int(datetime.datetime.fromisoformat(text.replace('Z', '+00:00')).timestamp() * 1000)

models = {r['model']: r for r in csv.DictReader(open('lookups/models.csv'))}
titles = {}
for line in open('lookups/titles.jsonl'):
    row = json.loads(line)
    titles[row['id']] = row

events = []      # (source, event id, time ms, nodes {(type,id): props, complete}, edges {(type,src,dst): props})
dead = []        # (source, file, line, reason kind)

def long_(v):
    if isinstance(v, bool): raise ValueError
    if isinstance(v, int): return v
    if isinstance(v, float) and v == int(v): return int(v)
    if isinstance(v, str): return int(v.strip())
    raise ValueError

# ratings.jsonl
for n, line in enumerate(open('events/catalog/ratings.jsonl', encoding='utf-8'), 1):
    if not line.strip(): continue
    try:
        e = json.loads(line)
    except ValueError:
        dead.append(('ratings', 'ratings.jsonl', n, 'malformed JSON')); continue
    if e.get('kind') == 'test':
        continue                                         # filtered
    t = parse_iso(e['ts'])
    acct = e['account']
    profile = ('profile', '%s/%s' % (acct['id'], acct['profile']))
    nodes = {profile: {}}
    if acct.get('profileName') is not None: nodes[profile]['name'] = acct['profileName']
    edges = {}
    violation = False
    for item in e.get('titles', []):
        if not item.get('id'): continue                  # skipped pattern
        title = ('title', item['id'])
        nodes.setdefault(title, {})
        props = {}
        if 'stars' in item: props['stars'] = item['stars']
        # schema: rated.stars is a long, required
        if not isinstance(props.get('stars'), int): violation = True
        edges[('rated', profile, title)] = props
    if e.get('recommendedBy') and e['kind'] in ('rating', 'review'):
        src = ('profile', e['recommendedBy'])
        nodes.setdefault(src, {})
        edges[('recommended', src, profile)] = {}
    if violation:
        dead.append(('ratings', 'ratings.jsonl', n, 'schema violation')); continue
    events.append(('ratings', e['eventId'], t, nodes, edges))

# devices.csv (header skipped)
lines = open('events/catalog/devices.csv', encoding='utf-8').read().split('\n')
for n, line in enumerate(lines, 1):
    if n == 1 or not line.strip(): continue
    cells = next(csv.reader(io.StringIO(line)))
    if len(cells) != 5:
        dead.append(('devices', 'devices.csv', n, 'malformed CSV')); continue
    d = {k: v for k, v in zip(['deviceId', 'accountId', 'model', 'registeredAt', 'status'], cells) if v != ''}
    if d.get('status') == 'retired':
        continue                                         # filtered
    t = int(d['registeredAt']) * 1000
    device = ('device', d['deviceId'])
    props = {'registered': iso(t)}
    if 'model' in d: props['model'] = d['model']
    row = models.get(d.get('model'))
    if row:                                              # a missing key is allowed
        props['vendor'] = row['vendor']
        props['screen'] = float(row['screen'])
    if 'model' not in props:                             # schema: device.model is required
        dead.append(('devices', 'devices.csv', n, 'schema violation')); continue
    account = ('account', 'acct-' + d['accountId'])
    events.append(('devices', json.dumps([d['deviceId'], d['registeredAt']]).replace(', ', ','), t,
                   {device: props, account: {}}, {('owns', account, device): {}}))

# plays.avro, from its source records
for n, line in enumerate(open('tools/plays.json'), 1):
    p = json.loads(line)
    title = ('title', p['title'])
    props = {}
    row = titles.get(p['title'])
    if row:
        props = {'name': row['name'], 'year': long_(row['year'])}
    if 'name' not in props:                              # schema: title.name is required
        dead.append(('plays', 'plays.avro', n, 'schema violation')); continue
    profile = ('profile', p['profile'])
    edge = {'seconds': p['seconds'], 'quality': p['quality'] if p['quality'] is not None else 'HD'}
    payload = line                                       # event id: a payload hash; only distinctness matters
    events.append(('plays', 'hash:%d' % n, p['at'], {title: props, profile: {}},
                   {('watched', profile, title): edge}))

# Deduplicate by (source, event id), then merge per element.
seen, merged = set(), {}
for source, eid, t, nodes, edges in events:
    if (source, eid) in seen: continue
    seen.add((source, eid))
    for key, props in list(nodes.items()) + list(edges.items()):
        m = merged.setdefault(key, {'first': t, 'last': t, 'count': 0, 'props': {}})
        m['first'] = min(m['first'], t); m['last'] = max(m['last'], t); m['count'] += 1
        for name, value in props.items():
            if name not in m['props'] or m['props'][name][0] <= t:
                m['props'][name] = (t, value)

def ref(r): return {'type': r[0], 'id': r[1]}
out = []
for key, m in merged.items():
    props = {k: v for k, (_, v) in sorted(m['props'].items())}
    tail = {'properties': props, 'firstSeen': iso(m['first']), 'lastSeen': iso(m['last']), 'count': m['count']}
    if isinstance(key[1], tuple):
        line = {'kind': 'edge', 'type': key[0], 'src': ref(key[1]), 'dst': ref(key[2]), **tail}
    else:
        line = {'kind': 'node', 'type': key[0], 'id': key[1], **tail}
    out.append(json.dumps(line, ensure_ascii=False, separators=(',', ':')))
out.sort(key=lambda s: s.encode('utf-8'))
open('expected/catalog.jsonl', 'w', encoding='utf-8').write('\n'.join(out) + '\n')
dead.sort()
open('expected/catalog-deadletters.jsonl', 'w').write(''.join(
    json.dumps({'source': s, 'file': f, 'line': l, 'reason': r}, separators=(',', ':')) + '\n' for s, f, l, r in dead))
print(len(out), 'lines,', len(dead), 'dead letters')
