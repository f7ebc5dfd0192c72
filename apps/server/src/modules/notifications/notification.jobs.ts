import { z } from 'zod';
import { jobType } from '../../jobs/registry.ts';

/** Emails one in-app notification to its recipient (NotificationMailer.send). */
export const notificationEmailJob = jobType({ type: 'notifications.email', payload: z.object({ notificationId: z.string() }) });
