-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Shop" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricObservation" (
    "shopId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "dimensionValue" TEXT NOT NULL,
    "granularity" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "valueMicros" BIGINT NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MetricObservation_pkey" PRIMARY KEY ("shopId","metric","granularity","dimension","bucket","source","dimensionValue")
);

-- CreateTable
CREATE TABLE "SourceState" (
    "shopId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "lastSuccessAt" TIMESTAMP(3),
    "lastAttemptAt" TIMESTAMP(3),
    "lastError" TEXT,
    "errorKind" TEXT,
    "deferredUntil" TIMESTAMP(3),

    CONSTRAINT "SourceState_pkey" PRIMARY KEY ("shopId","source")
);

-- CreateTable
CREATE TABLE "DigestSubscription" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "createdBy" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DigestSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestDelivery" (
    "id" SERIAL NOT NULL,
    "subscriptionId" INTEGER NOT NULL,
    "periodKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "claimedBy" TEXT,
    "claimedAt" TIMESTAMP(3),
    "messageTs" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DigestDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "incidentKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "details" TEXT NOT NULL,
    "channelId" TEXT,
    "messageTs" TEXT,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "ackBy" TEXT,
    "ackAt" TIMESTAMP(3),
    "snoozedUntil" TIMESTAMP(3),
    "expectedBy" TEXT,
    "taskId" INTEGER,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertFeedback" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "alertId" INTEGER NOT NULL,
    "verdict" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "assigneeId" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "dueDay" TEXT,
    "status" TEXT NOT NULL,
    "alertId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),
    "doneBy" TEXT,
    "remindedOnDay" TEXT,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpendRequest" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "amountMicros" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "requesterId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "channelId" TEXT,
    "messageTs" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "decisionReason" TEXT,
    "remindedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SpendRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpendDecision" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "approverId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SpendDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApproverSubstitute" (
    "shopId" TEXT NOT NULL,
    "approverId" TEXT NOT NULL,
    "substituteId" TEXT NOT NULL,
    "untilDay" TEXT NOT NULL,

    CONSTRAINT "ApproverSubstitute_pkey" PRIMARY KEY ("shopId","approverId")
);

-- CreateTable
CREATE TABLE "MediaPlan" (
    "shopId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "budgetMicros" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MediaPlan_pkey" PRIMARY KEY ("shopId","month","channel")
);

-- CreateTable
CREATE TABLE "CompetitorNote" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "competitor" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "url" TEXT,
    "permalink" TEXT,
    "authorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CompetitorNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Promo" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "startDay" TEXT NOT NULL,
    "endDay" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Promo_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" SERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "scheduledAt" TIMESTAMP(3) NOT NULL,
    "instanceId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "shopId" TEXT,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "details" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MetricObservation_shopId_granularity_bucket_idx" ON "MetricObservation"("shopId", "granularity", "bucket");

-- CreateIndex
CREATE UNIQUE INDEX "DigestSubscription_shopId_channelId_period_key" ON "DigestSubscription"("shopId", "channelId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "DigestDelivery_subscriptionId_periodKey_key" ON "DigestDelivery"("subscriptionId", "periodKey");

-- CreateIndex
CREATE INDEX "Alert_shopId_status_idx" ON "Alert"("shopId", "status");

-- CreateIndex
CREATE INDEX "Alert_shopId_incidentKey_idx" ON "Alert"("shopId", "incidentKey");

-- CreateIndex
CREATE INDEX "AlertFeedback_shopId_metric_idx" ON "AlertFeedback"("shopId", "metric");

-- CreateIndex
CREATE INDEX "Task_shopId_status_idx" ON "Task"("shopId", "status");

-- CreateIndex
CREATE INDEX "Task_assigneeId_status_idx" ON "Task"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "SpendRequest_shopId_status_idx" ON "SpendRequest"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SpendDecision_requestId_approverId_key" ON "SpendDecision"("requestId", "approverId");

-- CreateIndex
CREATE INDEX "CompetitorNote_shopId_competitor_idx" ON "CompetitorNote"("shopId", "competitor");

-- CreateIndex
CREATE INDEX "Promo_shopId_startDay_idx" ON "Promo"("shopId", "startDay");

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_job_scheduledAt_key" ON "JobRun"("job", "scheduledAt");

-- CreateIndex
CREATE INDEX "AuditLog_shopId_createdAt_idx" ON "AuditLog"("shopId", "createdAt");

-- AddForeignKey
ALTER TABLE "DigestDelivery" ADD CONSTRAINT "DigestDelivery_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "DigestSubscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpendDecision" ADD CONSTRAINT "SpendDecision_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "SpendRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

