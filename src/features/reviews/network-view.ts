import type { CardReply } from '../ports.js';
import { NETWORK_THRESHOLD, type NetworkTheme } from './cycle.js';
import type { Framework } from './framework.js';
import { shortTitle } from './summary-view.js';

/** The network view's card and CSV: how many sharing schools stand at each level, theme by theme, never which. */

const levelLabel = (framework: Framework, level: string) => (level === 'not-in-place' ? framework.scale.notInPlace.label : (framework.scale.levels.find((l) => l.id === level)?.label ?? level));

export function networkCard(view: { frameworks: Framework[]; framework: Framework | undefined; themes: NetworkTheme[]; schools: number }, csvUrl: string): CardReply {
  const { framework } = view;
  if (!framework) {
    return { card: 'reviews/network', data: { title: 'How the network’s schools stand', subtitle: '', intro: 'No school has shared its review yet. A review’s lead can choose to share the team’s agreed levels when starting or completing it.', themes: [], bars: [], chartText: '', hasChart: false, frameworks: [], framework: '', many: false, csvUrl: '' } };
  }
  const shown = view.themes.filter((t) => t.distribution);
  return {
    card: 'reviews/network',
    data: {
      title: 'How the network’s schools stand',
      subtitle: `${framework.title} · ${view.schools} ${view.schools === 1 ? 'school has' : 'schools have'} shared`,
      intro: `Each sharing school’s agreed level per theme, from its latest completed review. No school is named, and a theme is shown only once at least ${NETWORK_THRESHOLD} schools have shared it, so no school can be singled out.`,
      themes: framework.themes.map((theme) => {
        const t = view.themes.find((x) => x.themeId === theme.id);
        return {
          title: theme.title,
          line: t?.distribution ? `${t.schools} schools` : `Fewer than ${NETWORK_THRESHOLD} schools have shared this theme: nothing is shown yet.`,
          facts: (t?.distribution ?? []).map((d) => ({ title: levelLabel(framework, d.level), value: `${d.schools} ${d.schools === 1 ? 'school' : 'schools'}` })),
        };
      }),
      hasChart: shown.length > 0,
      bars: shown.map((t) => ({ title: shortTitle(framework.themes.find((x) => x.id === t.themeId)!.title), levels: t.distribution!.map((d) => ({ legend: levelLabel(framework, d.level), value: d.schools })) })),
      chartText: shown.map((t) => `${shortTitle(framework.themes.find((x) => x.id === t.themeId)!.title)}: ${t.distribution!.map((d) => `${levelLabel(framework, d.level)} ${d.schools}`).join(', ')}`).join(' · '),
      frameworks: view.frameworks.map((f) => ({ title: f.title, value: f.id })),
      framework: framework.id,
      // The picker shows which framework this is, and lets a coordinator switch when schools have shared more than one.
      many: view.frameworks.length > 0,
      csvUrl,
    },
  };
}

/** The network view as rows for a CSV: one per theme and level, with the schools there; a theme under the threshold says so. */
export function networkRows(framework: Framework, themes: NetworkTheme[]): (string | number)[][] {
  const rows = framework.themes.flatMap((theme) => {
    const t = themes.find((x) => x.themeId === theme.id);
    if (!t?.distribution) return [[theme.title, `Fewer than ${NETWORK_THRESHOLD} schools have shared`, '']];
    return t.distribution.map((d) => [theme.title, levelLabel(framework, d.level), d.schools]);
  });
  return [['Theme', 'Level', 'Schools'], ...rows];
}
