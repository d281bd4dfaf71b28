/** The API's answers the app reads (the fields it uses; the API may send more). */

export type Role = 'staff' | 'analyst' | 'auditor' | 'admin';

export interface Principal {
  readonly id: string;
  readonly role: Role;
  /** null: every organisation. */
  readonly organizationId: string | null;
  readonly label: string | null;
  readonly expiresAt: string | null;
}

export interface IssuedToken extends Principal {
  readonly token: string;
}

export type OrganizationLevel = 'federation' | 'district' | 'street' | 'grassroots' | 'enterprise';

export interface OrganizationNode {
  readonly id: string;
  readonly name: string;
  readonly level: OrganizationLevel;
  readonly parentId: string | null;
}

export interface OrganizationSummary {
  readonly organizationId: string;
  readonly courseSessions: number;
  readonly attendances: number;
  readonly distinctParticipants: number;
  readonly regulars: number;
  readonly clinics: number;
  readonly workersServed: number;
  readonly mealServings: number;
  readonly meals: number;
  readonly membersJoined: number;
  readonly membersByChannel: Readonly<Record<string, number>>;
  readonly membersByCategory: Readonly<Record<string, number>>;
  readonly trips: number;
  readonly tripParticipants: number;
  readonly tripDistinctParticipants: number;
  readonly tripPersonDays: number;
  readonly coolingDeliveries: number;
  readonly coolingWorkersReached: number;
  readonly coolingEquipmentInstalled: number;
  readonly feedbackVisits: number;
  readonly feedbackSuggestions: number;
  readonly programmeApplications: number;
  readonly programmeAdmissions: number;
  readonly multiServicePeople: number;
}

export type SummaryFigure = Exclude<keyof OrganizationSummary, 'organizationId' | 'membersByChannel' | 'membersByCategory'>;

export interface CourseFigures {
  readonly sessions: number;
  readonly attendances: number;
  readonly distinctParticipants: number;
  readonly averageAttendance: number;
  readonly regulars: number;
}

export interface CourseRow extends CourseFigures {
  readonly courseId: string;
  readonly organizationId: string;
  readonly name: string;
  readonly category: string;
  readonly brandId: string | null;
  readonly periods?: ReadonlyArray<{ readonly period: string } & CourseFigures>;
}

export interface BrandSummary extends CourseFigures {
  readonly brandId: string;
  readonly organizationId: string;
  readonly name: string;
  readonly description: string | null;
  readonly courses: number;
  readonly periods?: ReadonlyArray<{ readonly period: string } & CourseFigures>;
}

export const FREQUENCY_BANDS = ['1', '2-3', '4-9', '10+'] as const;
export type FrequencyBand = (typeof FREQUENCY_BANDS)[number];

export interface Frequency {
  readonly people: number;
  readonly bands: Readonly<Record<FrequencyBand, number>>;
  readonly multiServicePeople: number;
}

export interface TargetProgress {
  readonly measure: SummaryFigure;
  readonly period: string;
  readonly target: number;
  readonly actual: number;
  readonly percentage: number;
}

export interface Targets {
  readonly targets: readonly TargetProgress[];
}

export interface SessionRow {
  readonly sessionId: string;
  readonly date: string;
  readonly attendances: number;
}

export interface MealRow {
  readonly mealId: string;
  readonly organizationId: string;
  readonly date: string;
  readonly meals: number;
  readonly identifiedRecipients: number;
}

export interface Receipt {
  readonly position: string;
  readonly chainHash: string;
  readonly eventCount: number;
  readonly projection: string;
  readonly resultHash: string;
}

export interface ReportListing {
  readonly reportId: string;
  readonly title: string;
  readonly query: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly position: string;
  readonly publishedAt: string;
  readonly publishedBy: string;
}

export interface Difference {
  readonly path: string;
  readonly asPublished: unknown;
  readonly asRestated: unknown;
}

export interface ChangeSince {
  readonly position: string;
  readonly streamName: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: { readonly actor: string; readonly recordedAt: string };
  readonly kind: 'correction' | 'late entry';
  readonly restates: ReadonlyArray<{ readonly organizationId: string; readonly period: string }>;
}

export interface Reproduction {
  readonly reportId: string;
  readonly title: string;
  readonly query: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly receipt: Receipt;
  readonly reproduced: boolean;
  readonly recomputedHash: string;
  readonly asPublished: unknown;
  readonly asRestated: unknown;
  readonly differences: readonly Difference[];
  readonly restatement: boolean;
  readonly changesSince: readonly ChangeSince[];
  readonly moreChanges: boolean;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly generation: number;
  readonly checkpoint: string | null;
  readonly lag: number;
  readonly runsHere: boolean;
}

export interface LedgerStatus {
  readonly headPosition: string | null;
  readonly projections: readonly ProjectionStatus[];
}

export interface Digest {
  readonly position: string | null;
  readonly hash: string;
  readonly eventCount: number;
}
