import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AccessGuard } from './access/access.guard';
import { Authenticator } from './access/authenticator';
import { BootstrapAdmin, Notice, NOTICE } from './access/bootstrap-admin';
import { OrganizationTree } from './access/organization-tree';
import { TokensController } from './access/tokens.controller';
import { AuthController } from './access/auth.controller';
import { DeviceCodesController } from './access/device-codes.controller';
import { AuditController } from './audit/audit.controller';
import { ExportController } from './audit/export.controller';
import { HistoryController } from './audit/history.controller';
import { BrandsController } from './brands/brands.controller';
import { CorrectProgrammeBrandHandler, RegisterProgrammeBrandHandler } from './brands/brands.commands';
import { ClinicsController } from './clinics/clinics.controller';
import { CorrectClinicHandler, RecordClinicHandler, RecordClinicVisitorsHandler } from './clinics/clinics.commands';
import { LedgerConfig } from './config';
import { CoolingController } from './cooling/cooling.controller';
import {
  CorrectCoolingDeliveryHandler,
  CorrectCoolingInstallationHandler,
  RecordCoolingDeliveryHandler,
  RecordCoolingInstallationHandler,
} from './cooling/cooling.commands';
import { CoursesController } from './courses/courses.controller';
import {
  AssignCourseToBrandHandler,
  CorrectCourseDetailsHandler,
  DecideOnCourseSessionHandler,
  HoldCourseSessionHandler,
  RegisterCourseHandler,
  RemoveCourseFromBrandHandler,
} from './courses/courses.commands';
import { FeedbackController } from './feedback/feedback.controller';
import { CorrectWorkerFeedbackHandler, RecordWorkerFeedbackHandler } from './feedback/feedback.commands';
import { HealthController } from './health/health.controller';
import { Clock, ledgerProviders } from './ledger.providers';
import { MealsController } from './meals/meals.controller';
import { DecideOnMealHandler, RecordMealRecipientsHandler, RecordMealsServedHandler } from './meals/meals.commands';
import { MembershipController } from './membership/membership.controller';
import { RecordMemberJoinedHandler, VoidMembershipHandler } from './membership/membership.commands';
import { OrganizationsController } from './organizations/organizations.controller';
import {
  MoveOrganizationHandler,
  RegisterOrganizationHandler,
  RenameOrganizationHandler,
} from './organizations/organizations.commands';
import { ForgetPersonHandler, KeepContactDetailsHandler, ReadContactDetailsHandler } from './people/people.commands';
import { PeopleController } from './people/people.controller';
import { ProgrammeController } from './programme/programme.controller';
import {
  CorrectProgrammeIntakeHandler,
  OpenProgrammeIntakeHandler,
  RecordProgrammeAdmissionHandler,
  RecordProgrammeApplicationHandler,
  VoidOnProgrammeApplicationHandler,
} from './programme/programme.commands';
import { AsOfReadModels } from './projections/as-of';
import { AskParticipationHandler } from './projections/participation.queries';
import { ProjectionsController } from './projections/projections.controller';
import { ClosePeriodHandler } from './periods/periods.commands';
import { PeriodsController } from './periods/periods.controller';
import { PublishReportHandler } from './reports/reports.commands';
import { ReportsController } from './reports/reports.controller';
import { TargetsController } from './targets/targets.controller';
import { SetTargetHandler } from './targets/targets.commands';
import { TripsController } from './trips/trips.controller';
import { DecideOnRecuperationTripHandler, OrganizeRecuperationTripHandler } from './trips/trips.commands';

@Module({})
export class AppModule {
  static forRoot(
    config: LedgerConfig,
    clock: Clock = () => new Date(),
    notice: Notice = (text) => process.stdout.write(text),
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            customProps: (req) => ({ correlationId: (req as { ledger?: { correlationId: string } }).ledger?.correlationId }),
            autoLogging: { ignore: (req) => req.url === '/health' },
          },
        }),
      ],
      controllers: [
        OrganizationsController,
        BrandsController,
        CoursesController,
        ClinicsController,
        MealsController,
        MembershipController,
        TripsController,
        CoolingController,
        FeedbackController,
        ProgrammeController,
        TargetsController,
        ProjectionsController,
        HealthController,
        AuditController,
        ExportController,
        HistoryController,
        ReportsController,
        PeriodsController,
        TokensController,
        DeviceCodesController,
        AuthController,
        PeopleController,
      ],
      providers: [
        ...ledgerProviders(config, clock),
        { provide: NOTICE, useValue: notice },
        { provide: APP_GUARD, useClass: AccessGuard },
        Authenticator,
        OrganizationTree,
        BootstrapAdmin,
        KeepContactDetailsHandler,
        ReadContactDetailsHandler,
        ForgetPersonHandler,
        RegisterOrganizationHandler,
        MoveOrganizationHandler,
        RenameOrganizationHandler,
        RegisterProgrammeBrandHandler,
        CorrectProgrammeBrandHandler,
        RegisterCourseHandler,
        CorrectCourseDetailsHandler,
        AssignCourseToBrandHandler,
        RemoveCourseFromBrandHandler,
        HoldCourseSessionHandler,
        DecideOnCourseSessionHandler,
        RecordClinicHandler,
        CorrectClinicHandler,
        RecordClinicVisitorsHandler,
        RecordMealsServedHandler,
        DecideOnMealHandler,
        RecordMealRecipientsHandler,
        OrganizeRecuperationTripHandler,
        DecideOnRecuperationTripHandler,
        RecordCoolingDeliveryHandler,
        CorrectCoolingDeliveryHandler,
        RecordCoolingInstallationHandler,
        CorrectCoolingInstallationHandler,
        RecordWorkerFeedbackHandler,
        CorrectWorkerFeedbackHandler,
        OpenProgrammeIntakeHandler,
        CorrectProgrammeIntakeHandler,
        RecordProgrammeApplicationHandler,
        RecordProgrammeAdmissionHandler,
        VoidOnProgrammeApplicationHandler,
        SetTargetHandler,
        RecordMemberJoinedHandler,
        VoidMembershipHandler,
        AskParticipationHandler,
        AsOfReadModels,
        PublishReportHandler,
        ClosePeriodHandler,
      ],
    };
  }
}
