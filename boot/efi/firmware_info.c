/* boot_info fields taken from the firmware: loader name (FirmwareVendor),
 * RSDP (configuration table), command line (LoadedImage load options). */
#include <efi.h>
#include <efilib.h>

#include "boot/efi/firmware_info.h"
#include "boot/efi/load_options.h"
#include "boot/efi/log.h"

#define LOADER_PREFIX		"UEFI: "
#define IMAGE_NAME_MAX		128
#define DEVICE_PATH_MAX_NODES	64

static void fill_loader(struct boot_info *bi)
{
	UINTN len = sizeof(LOADER_PREFIX) - 1;

	CopyMem(bi->loader, LOADER_PREFIX, len);
	bi->loader[len] = '\0';
	if (ST->FirmwareVendor)
		ucs2_to_ascii(ST->FirmwareVendor, sizeof(bi->loader),
			      bi->loader + len, sizeof(bi->loader) - len);
}

/* [UEFI 2.10 §4.6 EFI Configuration Table] prefer the ACPI 2.0+ RSDP. */
static UINT64 find_rsdp(void)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	EFI_CONFIGURATION_TABLE *t = ST->ConfigurationTable;
	UINT64 rsdp1 = 0;
	UINTN i;

	for (i = 0; i < ST->NumberOfTableEntries; i++) {
		if (!CompareGuid(&t[i].VendorGuid, &acpi20))
			return (UINT64)(UINTN)t[i].VendorTable;
		if (!CompareGuid(&t[i].VendorGuid, &acpi10))
			rsdp1 = (UINT64)(UINTN)t[i].VendorTable;
	}
	return rsdp1;
}

/* The last file-path node of the image's device path holds its file name. */
static void image_file_name(EFI_LOADED_IMAGE *li, char *out, UINTN size)
{
	EFI_DEVICE_PATH *dp = li->FilePath;
	FILEPATH_DEVICE_PATH *fp;
	UINTN len, i;

	out[0] = '\0';
	for (i = 0; dp && i < DEVICE_PATH_MAX_NODES && !IsDevicePathEnd(dp); i++) {
		len = DevicePathNodeLength(dp);
		if (len < sizeof(EFI_DEVICE_PATH))
			return;
		if (DevicePathType(dp) == MEDIA_DEVICE_PATH &&
		    DevicePathSubType(dp) == MEDIA_FILEPATH_DP) {
			fp = (FILEPATH_DEVICE_PATH *)dp;
			ucs2_to_ascii(fp->PathName,
				      (len - SIZE_OF_FILEPATH_DEVICE_PATH) / 2,
				      out, size);
		}
		dp = NextDevicePathNode(dp);
	}
}

static void fill_cmdline(struct boot_info *bi, EFI_HANDLE image)
{
	EFI_LOADED_IMAGE *li = NULL;
	char name[IMAGE_NAME_MAX];
	EFI_STATUS status;

	bi->cmdline[0] = '\0';
	status = uefi_call_wrapper(BS->HandleProtocol, 3, image,
				   &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(status) || !li) {
		log_printf("napkin-efi: no LoadedImage protocol, empty cmdline\n");
		return;
	}
	image_file_name(li, name, sizeof(name));
	/* LoadOptionsSize is in bytes; an odd trailing byte is not a character. */
	if (load_options_to_cmdline(li->LoadOptions, li->LoadOptionsSize / 2,
				    name, bi->cmdline, sizeof(bi->cmdline)))
		log_printf("napkin-efi: load options are not text "
			   "(%u bytes), ignored\n", li->LoadOptionsSize);
}

void firmware_info_fill(struct boot_info *bi, EFI_HANDLE image)
{
	fill_loader(bi);
	bi->rsdp = find_rsdp();
	fill_cmdline(bi, image);
}
