import { MODE_LABELS } from '../core/rubric/labels.js';
import type { CohortDesk } from './cohort-desk.js';
import type { NotificationViews } from './delivery.js';
import type { DrillScreens } from './drill-screens.js';
import type { DrillService } from './drill-service.js';
import type { View } from './views.js';

/**
 * The services' news in words: what the clock did to a drill, told to its candidate; a cohort drill
 * started, told to the member with its first question; a cohort's report, told to its trainer.
 */
export function notificationViews(drills: DrillService, screens: DrillScreens, cohortDesk: CohortDesk): NotificationViews {
  return {
    drill: (notification) => screens.notification(notification),
    cohort: (notification) => {
      if (notification.kind === 'member_started') {
        const { drill, cohort } = notification;
        const intro: View = { kind: 'notice', tone: 'info', text: `Exercice de la cohorte « ${cohort.name} » : « ${drills.scenario(drill.scenarioId).title} » (${MODE_LABELS[drill.mode]}).` };
        return { to: drill.origin, views: [intro, ...screens.continueDrill(drill, true)] };
      }
      return { to: notification.cohortDrill.launchedBy, views: cohortDesk.trainerReport(notification) };
    },
  };
}
