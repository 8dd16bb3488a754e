package io.amsfleet.server.api;

import io.amsfleet.model.Application;
import io.amsfleet.model.ApplicationVersion;
import io.amsfleet.model.ApplicationsPost;
import io.amsfleet.model.BatchDelete;
import io.amsfleet.model.BatchDeleteResult;
import io.amsfleet.model.DeletionReport;
import io.amsfleet.model.Image;
import io.amsfleet.model.ImageDelete;
import io.amsfleet.model.ImagePatch;
import io.amsfleet.model.ImageUploadRequest;
import io.amsfleet.model.ImageVersion;
import io.amsfleet.model.Operation;
import io.amsfleet.model.Response;
import io.amsfleet.model.ServiceStatus;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * Generates (de)serializers for the shared API types, which carry only Jackson annotations so that
 * the CLI can use them without Micronaut.
 */
@SerdeImport(Image.class)
@SerdeImport(ImageVersion.class)
@SerdeImport(Application.class)
@SerdeImport(ApplicationVersion.class)
@SerdeImport(ApplicationsPost.class)
@SerdeImport(ApplicationVersion.Addon.class)
@SerdeImport(io.amsfleet.model.ApplicationResources.class)
@SerdeImport(io.amsfleet.model.ApplicationVersionDetails.class)
@SerdeImport(io.amsfleet.model.ApplicationVersionDetails.ExtraData.class)
@SerdeImport(io.amsfleet.model.ApplicationVersionDetails.Watchdog.class)
@SerdeImport(io.amsfleet.model.ApplicationVersionDetails.Service.class)
@SerdeImport(io.amsfleet.model.ApplicationVersionDetails.Hooks.class)
@SerdeImport(io.amsfleet.model.ApplicationVersionDetails.Bootstrap.class)
@SerdeImport(io.amsfleet.model.ApplicationPatch.class)
@SerdeImport(io.amsfleet.model.ApplicationVersionPatch.class)
@SerdeImport(io.amsfleet.model.ApplicationsDelete.class)
@SerdeImport(Operation.class)
@SerdeImport(Response.class)
@SerdeImport(ServiceStatus.class)
@SerdeImport(ImageUploadRequest.class)
@SerdeImport(ImagePatch.class)
@SerdeImport(io.amsfleet.model.TrashItem.class)
@SerdeImport(io.amsfleet.model.RetentionPolicy.class)
@SerdeImport(io.amsfleet.model.RetentionRequest.class)
@SerdeImport(io.amsfleet.model.RetentionItem.class)
@SerdeImport(io.amsfleet.model.RetentionPlan.class)
@SerdeImport(io.amsfleet.model.RetentionRun.class)
@SerdeImport(io.amsfleet.model.TrashRestore.class)
@SerdeImport(ImageDelete.class)
@SerdeImport(BatchDelete.class)
@SerdeImport(BatchDelete.Item.class)
@SerdeImport(BatchDeleteResult.class)
@SerdeImport(BatchDeleteResult.Deleted.class)
@SerdeImport(BatchDeleteResult.Failure.class)
@SerdeImport(io.amsfleet.model.Blocker.class)
@SerdeImport(DeletionReport.class)
@SerdeImport(DeletionReport.ImageRef.class)
@SerdeImport(DeletionReport.AppRef.class)
@SerdeImport(DeletionReport.Blocker.class)
@SerdeImport(io.amsfleet.model.Token.class)
@SerdeImport(io.amsfleet.model.TokensPost.class)
@SerdeImport(io.amsfleet.model.AuditEvent.class)
@SerdeImport(io.amsfleet.model.Certificate.class)
@SerdeImport(io.amsfleet.model.ImagesPost.class)
@SerdeImport(io.amsfleet.model.ImagesPost.Source.class)
@SerdeImport(io.amsfleet.model.ConfigPost.class)
@SerdeImport(io.amsfleet.model.CertificatesPost.class)
public final class SerdeConfig {
    private SerdeConfig() {
    }
}
