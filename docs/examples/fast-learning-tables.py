#!/usr/bin/env python3
# The issue-15 study tables of docs/convergence.md from a finished sweep folder (summary.json and the logs' epoch events):
#   python3 docs/examples/fast-learning-tables.py SWEEP_FOLDER
import json, os, sys, itertools, statistics as st
def load(folder):
    rows=[]
    for r in sorted(os.listdir(os.path.join(folder,'runs'))):
        d=os.path.join(folder,'runs',r)
        if not os.path.exists(os.path.join(d,'summary.json')): continue
        s=json.load(open(os.path.join(d,'summary.json')))
        header=None; series=[]
        for line in open(os.path.join(d,'session.jsonl')):
            e=json.loads(line)
            if e['type']=='header': header=e
            elif e['type']=='epoch' and 'reference' in e: series.append((e['t'],e['reference']))
        sc=header['scenario']; g=sc.get('generator',{})
        kind=sc['listener']['kind']
        def at(T,key):
            v=None
            for t,m in series:
                if t<=T+1e-9: v=m.get(key)
            return v
        summ=s['summary']; lim=s.get('informationLimit') or {}
        rows.append(dict(listener=kind, niche=g.get('niche','counts'), play=g.get('play','dream'), seed=sc['seed'],
            fp5=at(300,'falsePositiveRate'), fp10=at(600,'falsePositiveRate'), fp20=at(1200,'falsePositiveRate'),
            cov5=at(300,'coverage'), cov10=at(600,'coverage'), cov20=at(1200,'coverage'),
            kl0=series[0][1]['klReferenceGen'] if series else None, kl10=at(600,'klReferenceGen'), kl20=at(1200,'klReferenceGen'),
            half=s['convergence'].get('secondsToHalfChance'), chance=s['convergence']['chanceFalsePositiveRate'],
            judged=summ['likes']+summ['dislikes'], limfp=lim.get('falsePositiveRate'), limcov=lim.get('coverage')))
    return rows
def ms(v, f='{:.3f}'):
    v=[x for x in v if x is not None]
    if not v: return '—'
    if len(v)==1: return f.format(v[0])
    return (f+' ± '+f).format(st.mean(v), st.stdev(v))
def perm_p(a,b):
    a=[x for x in a if x is not None]; b=[x for x in b if x is not None]
    if len(a)<2 or len(b)<2: return None
    allv=a+b; n=len(a); obs=abs(st.mean(a)-st.mean(b)); cnt=0; tot=0
    for idx in itertools.combinations(range(len(allv)),n):
        x=[allv[i] for i in idx]; y=[allv[i] for i in range(len(allv)) if i not in idx]
        tot+=1
        if abs(st.mean(x)-st.mean(y))>=obs-1e-12: cnt+=1
    return cnt/tot
folder=sys.argv[1]; rows=load(folder)
groups={}
for r in rows: groups.setdefault((r['listener'],r['niche'],r['play']),[]).append(r)
order_l=['oracle','helmholtz','random','none']; order_n=['counts','posterior','predictive']; order_p=['dream','epistemic']
print(f"| listener | niche | play | n | FP 5 min | FP 10 min | FP 20 min | p (FP 10 min) vs counts | coverage 10 min | coverage 20 min | KL(ref‖gen) start → 20 min | time to ½ chance (reached) | judgements | limit FP / coverage |")
print("|"+"---|"*14)
for l in order_l:
    for n in order_n:
        for p in order_p:
            g=groups.get((l,n,p))
            if not g: continue
            base=groups.get((l,'counts',p))
            pv=None if n=='counts' or not base else perm_p([r['fp10'] for r in g],[r['fp10'] for r in base])
            halves=[r['half'] for r in g if r['half'] is not None]
            half=(ms(halves,'{:.0f}')+f" s ({len(halves)}/{len(g)})") if halves else f"never (0/{len(g)})"
            print(f"| {l} | {n} | {p} | {len(g)} | {ms([r['fp5'] for r in g])} | {ms([r['fp10'] for r in g])} | {ms([r['fp20'] for r in g])} | {'—' if pv is None else f'{pv:.3f}'} | {ms([r['cov10'] for r in g])} | {ms([r['cov20'] for r in g])} | {ms([r['kl0'] for r in g],'{:.2f}')} → {ms([r['kl20'] for r in g],'{:.2f}')} | {half} | {ms([r['judged'] for r in g],'{:.0f}')} | {ms([r['limfp'] for r in g],'{:.2f}')} / {ms([r['limcov'] for r in g],'{:.2f}')} |")
print(f"\nchance FP: {ms([r['chance'] for r in rows])}; runs: {len(rows)}; seeds: {sorted(set(r['seed'] for r in rows))}")
