-- CreateTable
CREATE TABLE "OnceMarker" (
    "ownerKind" TEXT NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("ownerKind", "ownerId", "key")
);
